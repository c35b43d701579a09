package reports

import (
	"image/color"

	"gonum.org/v1/plot/font"

	"github.com/kmssim/kmssim/sim"
)

// palette is Tableau 10: distinct hues that survive printing in grey.
var palette = []color.NRGBA{
	{0x4e, 0x79, 0xa7, 0xff}, {0xf2, 0x8e, 0x2b, 0xff}, {0xe1, 0x57, 0x59, 0xff},
	{0x76, 0xb7, 0xb2, 0xff}, {0x59, 0xa1, 0x4f, 0xff}, {0xed, 0xc9, 0x48, 0xff},
	{0xb0, 0x7a, 0xa1, 0xff}, {0xff, 0x9d, 0xa7, 0xff}, {0x9c, 0x75, 0x5f, 0xff},
	{0xba, 0xb0, 0xac, 0xff},
}

// hostColor is the i-th colour of the palette, for the i-th host drawn.
func hostColor(i int) color.NRGBA { return palette[i%len(palette)] }

// groupPalette is ColorBrewer's Dark2, for fleet groups: darker than the
// host palette, so a group is not mistaken for a host.
var groupPalette = []color.NRGBA{
	{0x1b, 0x9e, 0x77, 0xff}, {0xd9, 0x5f, 0x02, 0xff}, {0x75, 0x70, 0xb3, 0xff},
	{0xe7, 0x29, 0x8a, 0xff}, {0x66, 0xa6, 0x1e, 0xff}, {0xe6, 0xab, 0x02, 0xff},
	{0xa6, 0x76, 0x1d, 0xff}, {0x66, 0x66, 0x66, 0xff},
}

// makColor is the colour of MAK key number i: the host palette from its
// far end, so that keys are not taken for the first hosts.
func makColor(i int) color.NRGBA { return palette[len(palette)-1-i%len(palette)] }

// groupColor is the colour of fleet group number i.
func groupColor(i int) color.NRGBA { return groupPalette[i%len(groupPalette)] }

// sans returns the sans-serif face of the given size: Liberation Sans,
// which gonum/plot ships, so charts look the same on every machine.
func sans(size font.Length) font.Font {
	return font.Font{Typeface: "Liberation", Variant: "Sans", Size: size}
}

// stateColors are the colours of client states: green is good, blue is
// waiting, orange is a warning, dark red is a black desktop.
var stateColors = map[sim.State]color.NRGBA{
	sim.Licensed:            {0x59, 0xa1, 0x4f, 0xff},
	sim.InitialGrace:        {0x4e, 0x79, 0xa7, 0xff},
	sim.OutOfToleranceGrace: {0xf2, 0x8e, 0x2b, 0xff},
	sim.Notification:        {0xa3, 0x1f, 0x1f, 0xff},
}

// adColor draws the clients AD activated inside the licensed band (K34).
var adColor = color.NRGBA{0x1b, 0x4d, 0x20, 0xff}

// stateLabels name the states in legends.
var stateLabels = map[sim.State]string{
	sim.Licensed:            "licensed",
	sim.InitialGrace:        "initial grace",
	sim.OutOfToleranceGrace: "out-of-tolerance grace",
	sim.Notification:        "notification",
}

var (
	black     = color.NRGBA{0, 0, 0, 0xff}
	grey      = color.NRGBA{0x70, 0x70, 0x70, 0xff}
	lightGrey = color.NRGBA{0xb0, 0xb0, 0xb0, 0xff}
	gridGrey  = color.NRGBA{0xe4, 0xe4, 0xe4, 0xff}
)

// translucent returns c with alpha a.
func translucent(c color.NRGBA, a uint8) color.NRGBA { c.A = a; return c }
