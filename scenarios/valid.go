package scenarios

// Valid is a scenario that was validated, with its defaults set: Parse
// (and Load and Builtin) return one, as does At for a point of a sweep,
// and Validated checks a scenario built in Go. The simulator and batches
// take a Valid and run it as it is, without validating it again.
//
// Its fields are the scenario's, to read. Changing one afterwards is not
// checked again: derive a changed scenario with Apply, which validates,
// or with At. Only this package makes a Valid: its scenario is unexported,
// so no composite literal elsewhere can make one that was not validated.
type Valid struct {
	*scenario
}

// scenario is Scenario under a name other packages cannot write, so that
// Valid's fields and methods are Scenario's but only this package sets
// them.
type scenario = Scenario

// Scenario returns the validated scenario, for functions that read a
// *Scenario.
func (v *Valid) Scenario() *Scenario { return v.scenario }

// Validated sets the defaults of s and validates it: it returns s as a
// Valid scenario, or every problem of s at once (see Scenario.Validate).
func Validated(s *Scenario) (*Valid, error) {
	s.SetDefaults()
	if err := s.Validate(); err != nil {
		return nil, err
	}
	return &Valid{s}, nil
}
