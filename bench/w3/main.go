// Command w3 times thermosim's free-energy estimators on workload W3 of
// ../shared/peers (README there): EXP forward, EXP reverse and BAR, each
// with its analytical standard error, on 1 000 000 forward and 1 000 000
// reverse works read from work.bin (int64 nF, int64 nR, then nF + nR
// float64, little endian). It prints the same lines as the peer programs;
// time_s covers the three estimator calls only (no start-up, no file
// loading). run.sh runs it side by side with pymbar, numpy and C.
//
//	go run ./bench/w3 file=/tmp/thermosim-peers/work.bin [reps=1]
package main

import (
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/thermosim/thermosim/estimate"
	"github.com/thermosim/thermosim/freeenergy"
)

func main() {
	args := map[string]string{"file": "work.bin", "reps": "1"}
	for _, a := range os.Args[1:] {
		k, v, ok := strings.Cut(a, "=")
		if !ok {
			fmt.Fprintf(os.Stderr, "usage: w3 [file=work.bin] [reps=1]\n")
			os.Exit(2)
		}
		args[k] = v
	}
	reps, err := strconv.Atoi(args["reps"])
	if err != nil || reps < 1 {
		fmt.Fprintf(os.Stderr, "w3: bad reps=%q\n", args["reps"])
		os.Exit(2)
	}
	wF, wR, err := load(args["file"])
	if err != nil {
		fmt.Fprintf(os.Stderr, "w3: %v\n", err)
		os.Exit(1)
	}
	var eF, eR, bar estimate.Result
	best := math.Inf(1)
	for r := 0; r < reps; r++ {
		runtime.GC()
		t0 := time.Now()
		eF = freeenergy.EXP(wF, 1)
		eR = freeenergy.EXP(wR, 1)
		bar = freeenergy.BAR(wF, wR, 1)
		best = math.Min(best, time.Since(t0).Seconds())
	}
	fmt.Printf("impl        thermosim go %s\n", runtime.Version())
	fmt.Printf("workload    W3 nF=%d nR=%d file=%s\n", len(wF), len(wR), args["file"])
	fmt.Printf("EXP_F       %.12f +- %.12f\n", eF.Value, eF.StdErr)
	fmt.Printf("EXP_R       %.12f +- %.12f\n", eR.Value, eR.StdErr)
	fmt.Printf("BAR         %.12f +- %.12f\n", bar.Value, bar.StdErr)
	fmt.Printf("time_s      %.4f\n", best)
}

func load(fn string) (wF, wR []float64, err error) {
	b, err := os.ReadFile(fn)
	if err != nil {
		return nil, nil, err
	}
	if len(b) < 16 {
		return nil, nil, fmt.Errorf("%s: too short for the header", fn)
	}
	nF := int64(binary.LittleEndian.Uint64(b[0:]))
	nR := int64(binary.LittleEndian.Uint64(b[8:]))
	if nF < 1 || nR < 1 || int64(len(b)) != 16+8*(nF+nR) {
		return nil, nil, fmt.Errorf("%s: header nF=%d nR=%d does not match the size %d", fn, nF, nR, len(b))
	}
	x := make([]float64, nF+nR)
	for i := range x {
		x[i] = math.Float64frombits(binary.LittleEndian.Uint64(b[16+8*i:]))
	}
	return x[:nF], x[nF:], nil
}
