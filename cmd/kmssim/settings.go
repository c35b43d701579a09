package main

import (
	"flag"
	"fmt"
	"strconv"
	"strings"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim/batch"
)

// settings are the flags that change a scenario after it is read: -seed,
// -replications and -set. They travel with the parts of a sharded sweep,
// so that kmssim merge rebuilds the same scenario.
type settings struct {
	seed         seedFlag
	replications replicationsFlag
	set          setFlag
}

// replicationsFlag is -replications: a count of runs, 1 to
// scenarios.MaxReplications, that remembers whether it was given (0 is
// no count of runs, not "the default").
type replicationsFlag struct {
	v   int
	set bool
}

func (r *replicationsFlag) String() string {
	if r == nil || !r.set {
		return ""
	}
	return strconv.Itoa(r.v)
}

func (r *replicationsFlag) Set(s string) error {
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > scenarios.MaxReplications {
		return fmt.Errorf("want a whole number from 1 to %d", scenarios.MaxReplications)
	}
	r.v, r.set = n, true
	return nil
}

// setFlag collects -set path=values flags.
type setFlag []string

func (s *setFlag) String() string { return strings.Join(*s, " ") }
func (s *setFlag) Set(v string) error {
	if _, err := scenarios.ParseParameter(v); err != nil {
		return err
	}
	*s = append(*s, v)
	return nil
}

func (st *settings) register(fs *flag.FlagSet, sweep bool) {
	fs.Var(&st.seed, "seed", "random seed (default: the scenario's seed); replications derive theirs from it")
	fs.Var(&st.replications, "replications", "runs with seeds derived from the seed (default: the scenario's replications, else 1)")
	what := "set a numeric field for this run, such as -set fleet.laptops.count=20 (repeatable; kmssim paths lists the fields)"
	if sweep {
		what = "vary a numeric field over values, such as -set fleet.laptops.count=0..30/5 or =0,5,10 (one or two; they replace the scenario's sweep; one value just sets the field)"
	}
	fs.Var(&st.set, "set", what)
}

// apply applies the settings to scn and validates the result. An error
// names the flag it comes from: a path -set cannot address is a usage
// error; a scenario that the flags make invalid says which flags.
func (st *settings) apply(scn *scenarios.Valid) error {
	if st.seed.set {
		scn.Seed = st.seed.v
	}
	if st.replications.set {
		scn.Replications = st.replications.v
	}
	params := make([]scenarios.Parameter, len(st.set))
	for i, s := range st.set {
		p, err := scenarios.ParseParameter(s)
		if err != nil {
			return &usageError{msg: fmt.Sprintf("-set %s: %v", s, err)}
		}
		if _, err := scn.Get(p.Path); err != nil {
			return &usageError{msg: fmt.Sprintf("-set %s: %v", s, err)}
		}
		params[i] = p
	}
	if err := scn.Apply(params); err != nil {
		if len(st.set) > 0 || st.replications.set {
			return fmt.Errorf("with %s: %w", st.flags(), err)
		}
		return err
	}
	return nil
}

// flags writes the settings that change the scenario as on the command
// line, for messages.
func (st *settings) flags() string {
	var out []string
	if st.replications.set {
		out = append(out, fmt.Sprintf("-replications %d", st.replications.v))
	}
	for _, s := range st.set {
		out = append(out, "-set "+s)
	}
	return strings.Join(out, " ")
}

// origin records scn's text and the settings, for the parts of a sweep.
func (st *settings) origin(scn *scenarios.Valid) *batch.Origin {
	o := &batch.Origin{File: scn.File, Source: string(scn.Source), Set: st.set}
	if st.replications.set {
		o.Replications = st.replications.v
	}
	if st.seed.set {
		o.Seed = &st.seed.v
	}
	return o
}

// fromOrigin rebuilds the scenario a part of a sweep ran, reading its
// inventory, if any, with the options read.
func fromOrigin(o *batch.Origin, read *scenarios.Options) (*scenarios.Valid, error) {
	scn, err := read.Parse(o.File, []byte(o.Source))
	if err != nil {
		return nil, err
	}
	st := settings{replications: replicationsFlag{o.Replications, o.Replications != 0}, set: o.Set}
	if o.Seed != nil {
		st.seed = seedFlag{*o.Seed, true}
	}
	return scn, st.apply(scn)
}

// seedFlag is a -seed value that remembers whether it was given.
type seedFlag struct {
	v   uint64
	set bool
}

func (s *seedFlag) String() string { return strconv.FormatUint(s.v, 10) }
func (s *seedFlag) Set(v string) error {
	n, err := strconv.ParseUint(v, 10, 64)
	if err != nil {
		return fmt.Errorf("want a whole number, 0 or more")
	}
	s.v, s.set = n, true
	return nil
}
