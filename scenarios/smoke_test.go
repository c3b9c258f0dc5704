package scenarios

import (
	"fmt"
	"os"
	"testing"
)

func TestSmoke(t *testing.T) {
	s, err := Load("testdata/dragged-trap.yaml")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Marshal(s.Scenario)
	fmt.Println(string(b))
	s2, err := Decode("x.yaml", b)
	fmt.Println(err, s2 != nil)
	_ = os.Stdout
}
