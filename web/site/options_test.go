package site

import "testing"

func TestOptionsText(t *testing.T) {
	for _, c := range []struct {
		in   map[string]string
		want string
	}{
		{nil, ""},
		{map[string]string{"size": "S"}, "size: S"},
		{map[string]string{"size": "L", "colour": "green"}, "colour: green, size: L"},
	} {
		if got := OptionsText(c.in); got != c.want {
			t.Errorf("OptionsText(%v) = %q, want %q", c.in, got, c.want)
		}
	}
}
