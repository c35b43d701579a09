package reports

import (
	"encoding/xml"
	"fmt"
	"io"

	"github.com/kmssim/kmssim/sim"
)

// Checked is the outcome of checking one scenario: its verdicts, or the
// error that kept it from running.
type Checked struct {
	Scenario string // the scenario's name
	File     string // where it came from
	Seed     uint64
	// Replications is how many runs the verdicts judge, with seeds
	// derived from Seed; 0 or 1 is the one run with Seed.
	Replications int
	Verdicts     []sim.Verdict
	// Plan is the verdict on the plan the scenario describes, set when
	// it ran: the suite's properties carry it beside the checks.
	Plan *PlanVerdict
	Err  error
}

// Failed returns the number of failed expectations, counting an error as
// one failure.
func (c *Checked) Failed() int {
	if c.Err != nil {
		return 1
	}
	n := 0
	for _, v := range c.Verdicts {
		if !v.Pass {
			n++
		}
	}
	return n
}

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Properties []junitProperty `xml:"properties>property,omitempty"`
	Cases      []junitCase     `xml:"testcase"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	ClassName string        `xml:"classname,attr"`
	Failure   *junitMessage `xml:"failure,omitempty"`
	Error     *junitMessage `xml:"error,omitempty"`
}

type junitMessage struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

// WriteJUnit writes the checks as JUnit XML, which Jenkins, GitLab and
// GitHub Actions display: one test suite per scenario, one test case per
// expectation, a failure element for each failed expectation and an error
// element for a scenario that could not run. Times are left out so the
// file is deterministic.
func WriteJUnit(w io.Writer, checks []Checked) error {
	root := junitSuites{Name: "kmssim check"}
	for _, c := range checks {
		s := junitSuite{Name: c.Scenario, Properties: []junitProperty{{"file", c.File}, {"seed", fmt.Sprint(c.Seed)}}}
		if c.Plan != nil {
			s.Properties = append(s.Properties, junitProperty{"plan.level", string(c.Plan.Level)}, junitProperty{"plan.verdict", c.Plan.Sentence})
		}
		if c.Err != nil {
			s.Tests, s.Errors = 1, 1
			s.Cases = append(s.Cases, junitCase{Name: "run", ClassName: c.Scenario, Error: &junitMessage{Message: "scenario did not run", Type: "error", Text: c.Err.Error()}})
		}
		for _, v := range c.Verdicts {
			tc := junitCase{Name: v.Name, ClassName: c.Scenario}
			if !v.Pass {
				tc.Failure = &junitMessage{Message: v.Actual, Type: "expectation", Text: "expected " + v.Expected + "\nactual " + v.Actual}
				s.Failures++
			}
			s.Tests++
			s.Cases = append(s.Cases, tc)
		}
		root.Tests += s.Tests
		root.Failures += s.Failures
		root.Errors += s.Errors
		root.Suites = append(root.Suites, s)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(root); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
