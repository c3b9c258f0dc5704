package scenarios

// DynamicsKind describes one dynamics kind: its integrators (the first is
// the default) and the dynamics keys it accepts besides kind, integrator, dt
// and steps.
type DynamicsKind struct {
	Name        string
	Doc         string
	Integrators []string
	Keys        []string
	// DefaultTemperature is the temperature when the file gives none (for
	// kinds with a temperature key).
	DefaultTemperature float64
	// NeedsData says that the model must be a learning model with data
	// (minibatches are drawn from it).
	NeedsData bool
}

// DynamicsKinds lists the dynamics kinds, in the order of the spec.
var DynamicsKinds = []*DynamicsKind{
	{Name: Overdamped, Doc: "dx = -(1/gamma) grad U dt + sqrt(2 T / gamma) dW", Integrators: []string{"euler-maruyama", "heun"}, Keys: []string{"temperature", "friction", "noise"}, DefaultTemperature: 1},
	{Name: Underdamped, Doc: "dx = p/m dt, dp = -grad U dt - gamma p/m dt + sqrt(2 gamma T) dW", Integrators: []string{"baoab", "leapfrog"}, Keys: []string{"temperature", "friction", "mass", "noise"}, DefaultTemperature: 1},
	{Name: MALA, Doc: "Metropolis-adjusted Langevin: an Euler-Maruyama proposal accepted with the Metropolis-Hastings ratio", Keys: []string{"temperature", "friction"}, DefaultTemperature: 1},
	{Name: GD, Doc: "gradient descent theta <- theta - eta grad L", Keys: []string{"learning_rate"}},
	{Name: SGD, Doc: "minibatch SGD theta <- theta - eta grad L_B", Keys: []string{"learning_rate", "batch_size", "sampling", "momentum"}, NeedsData: true},
	{Name: SGLD, Doc: "stochastic gradient Langevin: theta <- theta - eta grad L_B + sqrt(2 eta T) xi", Keys: []string{"learning_rate", "batch_size", "sampling", "temperature"}, NeedsData: true, DefaultTemperature: 1},
	{Name: NaturalGradient, Doc: "natural gradient theta <- theta - eta G^-1 grad L (G the Fisher metric); at T > 0 Riemannian Langevin with the drift correction eta T div G^-1 + sqrt(2 eta T) G^-1/2 xi", Keys: []string{"learning_rate", "temperature", "damping"}, DefaultTemperature: 0},
}

// LookupDynamics returns the dynamics kind of the given name.
func LookupDynamics(name string) (*DynamicsKind, bool) {
	for _, k := range DynamicsKinds {
		if k.Name == name {
			return k, true
		}
	}
	return nil, false
}

func (k *DynamicsKind) has(key string) bool {
	for _, x := range k.Keys {
		if x == key {
			return true
		}
	}
	return false
}

// Samplings are the minibatch sampling rules (the first is the default).
var Samplings = []string{"without-replacement", "with-replacement", "reshuffle"}

// Shapes are the schedule shapes.
var Shapes = []string{ShapeLinear, ShapeStep, ShapeCosine, ShapeTable}

// InitialKinds are the kinds of initial distribution (the first is the default).
var InitialKinds = []string{InitialEquilibrium, InitialPoint, InitialGaussian}

// DynamicsSchedulable are the dynamics keys a protocol may schedule, besides
// the schedulable parameters of the model kind.
var DynamicsSchedulable = []string{"temperature", "learning_rate", "batch_size"}

// OptionType is the type of a measure option.
type OptionType int

// Option types.
const (
	OptNumber  OptionType = iota // a number (float64)
	OptInt                       // an integer (int)
	OptString                    // one of Option.Enum
	OptRange                     // two numbers [lo, hi] with lo < hi ([]float64)
	OptList                      // a non-empty, strictly increasing list of numbers ([]float64)
	OptInts                      // an integer or a list of integers, one per dimension ([]int)
	OptStrings                   // a non-empty list of distinct strings from Option.Enum ([]string)
)

// Option is one option of a measure.
type Option struct {
	Name    string
	Doc     string
	Type    OptionType
	Enum    []string // OptString, OptStrings
	Min     float64  // smallest allowed number (inclusive), for numbers and integers
	Max     float64  // largest allowed number (exclusive when MaxOpen), 0 = no bound
	MaxOpen bool
	// Default is the value used when the option is absent (nil: no default;
	// the option is then optional unless Required).
	Default  any
	Required bool
}

// MeasureKind describes a measure: its options and what it needs from the run.
type MeasureKind struct {
	Name    string
	Doc     string
	Metrics string // metric name prefix (metrics.md), e.g. "freeenergy"
	Options []Option
	// NeedsStates says that the measure keeps every trajectory's state at
	// every recorded time (it enters the memory estimate).
	NeedsStates bool
	// NeedsReverse says that the measure needs ensemble.reverse: true.
	NeedsReverse bool
}

// Measures lists the measures, in the order of the spec.
var Measures = []*MeasureKind{
	{Name: "work", Metrics: "work", Doc: "work W = sum_k U(x_k, lambda_{k+1}) - U(x_k, lambda_k): work.mean, work.var"},
	{Name: "heat", Metrics: "heat", Doc: "heat dissipated into the bath Q: heat.mean"},
	{Name: "entropy", Metrics: "entropy", Doc: "entropy production (medium, system, total) and the fraction of negative total entropy production",
		Options: []Option{
			{Name: "density", Doc: "how p(x, t) is evaluated for the system entropy: exact (Gaussian models: closed-form moments), histogram, kde; default exact for Gaussian models, else kde", Type: OptString, Enum: []string{"exact", "histogram", "kde"}},
			{Name: "bins", Doc: "histogram bins per dimension", Type: OptInt, Min: 1, Default: 50},
		}},
	{Name: "ift", Metrics: "ift", Doc: "integral fluctuation theorem <exp(-Delta s_tot)> (log space)"},
	{Name: "jarzynski", Metrics: "jarzynski", Doc: "Jarzynski's estimate -T ln <exp(-W/T)>"},
	{Name: "crooks", Metrics: "crooks", Doc: "crossing of P_F(W) and P_R(-W)", NeedsReverse: true},
	{Name: "bar", Metrics: "bar", Doc: "Bennett acceptance ratio from forward and reverse work", NeedsReverse: true},
	{Name: "balance", Metrics: "balance", Doc: "detailed-balance test on binned transition counts, net currents, Schnakenberg entropy production rate", NeedsStates: true,
		Options: []Option{
			{Name: "bins", Doc: "bins per dimension: an integer or a list, one per dimension", Type: OptInts, Min: 2, Default: []int{20}},
			{Name: "range", Doc: "[lo, hi] of the bins in every dimension (required unless edges is given)", Type: OptRange},
			{Name: "lag", Doc: "lag in recorded times between the two states of a transition", Type: OptInt, Min: 1, Default: 1},
			{Name: "edges", Doc: "explicit bin edges (strictly increasing), instead of bins and range", Type: OptList},
		}},
	{Name: "free-energy", Metrics: "freeenergy", Doc: "free-energy functional F[p_t] = <U> - T S[p_t] at every recorded time (Lyapunov check)", NeedsStates: true,
		Options: []Option{
			{Name: "entropy", Doc: "entropy estimator: gaussian (from the covariance), histogram, knn (Kozachenko-Leonenko); default gaussian for Gaussian models, else knn", Type: OptString, Enum: []string{"gaussian", "histogram", "knn"}},
			{Name: "bins", Doc: "histogram bins per dimension", Type: OptInt, Min: 1, Default: 100},
			{Name: "k", Doc: "neighbour order of the knn estimator", Type: OptInt, Min: 1, Default: 5},
		}},
	{Name: "sgd", Metrics: "sgd", Doc: "effective temperature of SGD from stationary fluctuations",
		Options: []Option{
			{Name: "burn_in", Doc: "fraction of the steps discarded before measuring, in [0, 1)", Type: OptNumber, Min: 0, Max: 1, MaxOpen: true, Default: 0.5},
		}},
	{Name: "invariants", Metrics: "invariants", Doc: "monitors of conserved or monotone quantities Q(t) and their violation eps(t) = |Q(t) - Q0| / |Q0|",
		Options: []Option{
			{Name: "quantities", Doc: "which quantities to monitor from each trajectory's start to its end: energy (U, plus kinetic energy for underdamped dynamics), angular-momentum (2-D underdamped), balancedness (two-layer-linear: C = W1 W1^T - W2^T W2), eta-trace-g (eta tr G, models with a Fisher metric); the seed's other invariants (adiabatic J, Fisher memory, KL, eta lambda_max) are measured by thermosim claims", Type: OptStrings, Enum: []string{"energy", "angular-momentum", "balancedness", "eta-trace-g"}, Default: []string{"energy"}},
		}},
}

// LookupMeasure returns the measure of the given name.
func LookupMeasure(name string) (*MeasureKind, bool) {
	for _, m := range Measures {
		if m.Name == name {
			return m, true
		}
	}
	return nil, false
}

func (m *MeasureKind) option(name string) (*Option, bool) {
	for i := range m.Options {
		if m.Options[i].Name == name {
			return &m.Options[i], true
		}
	}
	return nil, false
}

func names[T any](xs []T, name func(T) string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = name(x)
	}
	return out
}
