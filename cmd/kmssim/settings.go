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
	replications int
	set          setFlag
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
	fs.IntVar(&st.replications, "replications", 0, "runs with seeds derived from the seed (default: the scenario's replications, else 1)")
	what := "set a numeric field for this run, such as -set fleet.laptops.count=20 (repeatable; kmssim paths lists the fields)"
	if sweep {
		what = "vary a numeric field over values, such as -set fleet.laptops.count=0..30/5 or =0,5,10 (one or two; they replace the scenario's sweep; one value just sets the field)"
	}
	fs.Var(&st.set, "set", what)
}

// apply applies the settings to scn and validates the result.
func (st *settings) apply(scn *scenarios.Scenario) error {
	if st.seed.set {
		scn.Seed = st.seed.v
	}
	if st.replications != 0 {
		scn.Replications = st.replications
	}
	params := make([]scenarios.Parameter, len(st.set))
	for i, s := range st.set {
		p, err := scenarios.ParseParameter(s)
		if err != nil {
			return err
		}
		params[i] = p
	}
	if err := scn.Apply(params); err != nil {
		return fmt.Errorf("%s: %w", scn.File, err)
	}
	return nil
}

// origin records scn's text and the settings, for the parts of a sweep.
func (st *settings) origin(scn *scenarios.Scenario) *batch.Origin {
	o := &batch.Origin{File: scn.File, Source: string(scn.Source), Replications: st.replications, Set: st.set}
	if st.seed.set {
		o.Seed = &st.seed.v
	}
	return o
}

// fromOrigin rebuilds the scenario a part of a sweep ran.
func fromOrigin(o *batch.Origin) (*scenarios.Scenario, error) {
	scn, err := scenarios.Parse(o.File, []byte(o.Source))
	if err != nil {
		return nil, err
	}
	st := settings{replications: o.Replications, set: o.Set}
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
