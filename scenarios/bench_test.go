package scenarios

import (
	"os"
	"testing"
)

// BenchmarkScheduleAt: At runs once per step and control; it allocates nothing.
func BenchmarkScheduleAt(b *testing.B) {
	for _, s := range []Schedule{
		{From: 0, To: 1, Shape: ShapeCosine},
		{Shape: ShapeTable, Table: [][2]float64{{0, 1}, {0.25, 2}, {0.5, 0}, {0.75, 3}, {1, 1}}},
	} {
		b.Run(s.Shape, func(b *testing.B) {
			b.ReportAllocs()
			var sum float64
			for i := 0; b.Loop(); i++ {
				sum += s.At(float64(i%1000)*1e-3, 1)
			}
			_ = sum
		})
	}
}

func BenchmarkDecode(b *testing.B) {
	data, err := os.ReadFile("testdata/dragged-trap.yaml")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Decode("dragged-trap.yaml", data); err != nil {
			b.Fatal(err)
		}
	}
}
