package reports

import (
	"os"
	"testing"

	"github.com/kmssim/kmssim/scenarios"
	"github.com/kmssim/kmssim/sim"
)

func TestPreview(t *testing.T) {
	name := os.Getenv("PREVIEW")
	if name == "" {
		t.Skip()
	}
	scn, err := scenarios.Builtin(name)
	if err != nil {
		t.Fatal(err)
	}
	res, _ := sim.Run(scn, sim.Options{Seed: scn.Seed})
	for _, c := range Charts(scn, res) {
		png, err := c.PNG()
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile("/tmp/prev-"+name+"-"+c.Name+".png", png, 0o644)
		svg, _ := c.SVG()
		os.WriteFile("/tmp/prev-"+name+"-"+c.Name+".svg", svg, 0o644)
	}
}
