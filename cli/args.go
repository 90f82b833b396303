package cli

import (
	"fmt"
	"strings"
)

// flagSpec declares a command's flags: name → true if it takes a value.
type flagSpec map[string]bool

// parsed holds a command line split into flags and positional arguments.
// Flags may appear anywhere ("member add Ana --hours 30").
type parsed struct {
	flags map[string]string
	args  []string
}

func (p parsed) has(name string) bool { _, ok := p.flags[name]; return ok }

func (p parsed) get(name string) string { return p.flags[name] }

func parseArgs(args []string, spec flagSpec) (parsed, error) {
	p := parsed{flags: map[string]string{}}
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			p.args = append(p.args, args[i+1:]...)
			break
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			p.args = append(p.args, a)
			continue
		}
		name := strings.TrimLeft(a, "-")
		value, hasValue := "", false
		if k, v, ok := strings.Cut(name, "="); ok {
			name, value, hasValue = k, v, true
		}
		takesValue, known := spec[name]
		if !known {
			return p, fmt.Errorf("unknown flag %s", a)
		}
		if takesValue && !hasValue {
			if i+1 >= len(args) {
				return p, fmt.Errorf("flag --%s needs a value", name)
			}
			i++
			value = args[i]
		}
		if !takesValue && hasValue {
			return p, fmt.Errorf("flag --%s takes no value", name)
		}
		p.flags[name] = value
	}
	return p, nil
}
