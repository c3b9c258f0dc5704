package mc

import (
	"context"
	"runtime"
	"sync"
)

// Block is a range [Lo, Hi) of trajectory indices with its block number.
type Block struct {
	Index  int
	Lo, Hi int
}

// Len returns the number of trajectories in the block.
func (b Block) Len() int { return b.Hi - b.Lo }

// Blocks cuts n trajectories into blocks of size (the last may be shorter).
func Blocks(n, size int) []Block {
	if size <= 0 {
		panic("mc: block size must be positive")
	}
	out := make([]Block, 0, (n+size-1)/size)
	for lo := 0; lo < n; lo += size {
		out = append(out, Block{Index: len(out), Lo: lo, Hi: min(lo+size, n)})
	}
	return out
}

// Shard returns the blocks of shard i of n (0-based): a contiguous range of
// whole blocks, as even as possible.
func Shard(blocks []Block, i, n int) []Block {
	lo := len(blocks) * i / n
	hi := len(blocks) * (i + 1) / n
	return blocks[lo:hi]
}

// Workers returns the number of workers to use for a request of w (0 = one
// per core).
func Workers(w int) int {
	if w <= 0 {
		return runtime.GOMAXPROCS(0)
	}
	return w
}

// Run calls fn for every block in todo, on up to workers goroutines, and
// returns the results indexed like todo, with done[i] reporting whether
// todo[i] ran to completion. progress, if non-nil, is called after each block
// with the number of trajectories it held (from any goroutine). On
// cancellation Run stops starting blocks and returns ctx.Err() with what
// finished; on an error from fn it stops likewise and returns the error of the
// lowest-numbered failing block.
func Run[R any](ctx context.Context, todo []Block, workers int, fn func(Block) (R, error), progress func(n int)) (results []R, done []bool, err error) {
	results = make([]R, len(todo))
	done = make([]bool, len(todo))
	errs := make([]error, len(todo))
	workers = min(Workers(workers), max(len(todo), 1))
	var (
		next int
		mu   sync.Mutex
		stop bool
		wg   sync.WaitGroup
	)
	take := func() int {
		mu.Lock()
		defer mu.Unlock()
		if stop || next >= len(todo) || ctx.Err() != nil {
			return -1
		}
		next++
		return next - 1
	}
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := take()
				if i < 0 {
					return
				}
				r, e := fn(todo[i])
				if e != nil {
					mu.Lock()
					errs[i] = e
					stop = true
					mu.Unlock()
					continue
				}
				results[i] = r
				done[i] = true
				if progress != nil {
					progress(todo[i].Len())
				}
			}
		}()
	}
	wg.Wait()
	for _, e := range errs {
		if e != nil {
			return results, done, e
		}
	}
	if e := ctx.Err(); e != nil {
		for _, d := range done {
			if !d {
				return results, done, e
			}
		}
	}
	return results, done, nil
}
