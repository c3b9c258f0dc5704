package scenarios

import "os"

type File struct {
	Path     string
	Scenario *Scenario
}

func Load(path string) (*File, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	s, err := Decode(path, b)
	if err != nil {
		return nil, err
	}
	return &File{Path: path, Scenario: s}, nil
}
