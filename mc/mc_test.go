package mc

import (
	"context"
	"errors"
	"math"
	"sync/atomic"
	"testing"

	"github.com/thermosim/thermosim/internal/rng"
)

// blockSum draws one normal per trajectory from its own stream and sums them
// in index order: a stand-in for a block of simulations.
func blockSum(b Block) (float64, error) {
	s := 0.0
	for i := b.Lo; i < b.Hi; i++ {
		src := rng.Stream(7, "mc", uint64(i))
		s += src.Norm()
	}
	return s, nil
}

func reduce(rs []float64) float64 {
	t := 0.0
	for _, r := range rs {
		t += r
	}
	return t
}

// TestBitIdenticalAnyWorkers: same bits for 1, 2 and 7 workers, and for a
// run split into shards and reduced in block order.
func TestBitIdenticalAnyWorkers(t *testing.T) {
	blocks := Blocks(10_007, 256)
	var want float64
	for i, w := range []int{1, 2, 7} {
		rs, _, err := Run(context.Background(), blocks, w, blockSum, nil)
		if err != nil {
			t.Fatal(err)
		}
		got := reduce(rs)
		if i == 0 {
			want = got
		} else if math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("workers %d: %v != %v", w, got, want)
		}
	}
	var all []float64
	for s := 0; s < 4; s++ {
		rs, _, err := Run(context.Background(), Shard(blocks, s, 4), 2, blockSum, nil)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, rs...)
	}
	if got := reduce(all); math.Float64bits(got) != math.Float64bits(want) {
		t.Fatalf("sharded %v != %v", got, want)
	}
}

func TestBlocksAndShards(t *testing.T) {
	bs := Blocks(10, 4)
	if len(bs) != 3 || bs[2].Lo != 8 || bs[2].Hi != 10 {
		t.Fatalf("%v", bs)
	}
	seen := 0
	for s := 0; s < 3; s++ {
		for _, b := range Shard(bs, s, 3) {
			if b.Index != seen {
				t.Fatalf("shard %d: block %d, want %d", s, b.Index, seen)
			}
			seen++
		}
	}
	if seen != 3 {
		t.Fatalf("shards cover %d blocks", seen)
	}
}

func TestCancelKeepsFinishedBlocks(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var n atomic.Int32
	fn := func(b Block) (int, error) {
		if n.Add(1) == 3 {
			cancel()
		}
		return b.Index, nil
	}
	rs, done, err := Run(ctx, Blocks(100, 1), 1, fn, nil)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v", err)
	}
	cnt := 0
	for i, d := range done {
		if d {
			cnt++
			if rs[i] != i {
				t.Fatal("result misplaced")
			}
		}
	}
	if cnt != 3 {
		t.Fatalf("%d blocks done, want 3", cnt)
	}
}

func TestErrorStops(t *testing.T) {
	boom := errors.New("boom")
	_, _, err := Run(context.Background(), Blocks(100, 10), 2, func(b Block) (int, error) {
		if b.Index == 4 {
			return 0, boom
		}
		return 0, nil
	}, nil)
	if !errors.Is(err, boom) {
		t.Fatalf("err %v", err)
	}
}
