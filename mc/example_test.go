package mc_test

import (
	"context"
	"fmt"

	"github.com/thermosim/thermosim/mc"
)

// Blocks of trajectory indices run in parallel; results come back in block
// order whatever the number of workers.
func ExampleRun() {
	blocks := mc.Blocks(10, 4)
	sums, _, err := mc.Run(context.Background(), blocks, 3, func(b mc.Block) (int, error) {
		s := 0
		for i := b.Lo; i < b.Hi; i++ {
			s += i
		}
		return s, nil
	}, nil)
	fmt.Println(sums, err)
	// Output: [6 22 17] <nil>
}
