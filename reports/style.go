package reports

import (
	"image/color"

	"gonum.org/v1/plot/font"

	"github.com/kmssim/kmssim/sim"
)

// palette is Okabe and Ito's: hues that people with the common forms of
// colour blindness tell apart, blue first; grey and yellow, the weakest on
// white, last.
var palette = []color.NRGBA{
	{0x00, 0x72, 0xb2, 0xff}, {0xe6, 0x9f, 0x00, 0xff}, {0x00, 0x9e, 0x73, 0xff},
	{0xd5, 0x5e, 0x00, 0xff}, {0xcc, 0x79, 0xa7, 0xff}, {0x56, 0xb4, 0xe9, 0xff},
	{0x80, 0x80, 0x80, 0xff}, {0xf0, 0xe4, 0x42, 0xff},
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

// stateColors are the colours of client states, from Okabe and Ito's
// palette: bluish green is good, sky blue is waiting, orange is a warning,
// and a dark brown, darkest of all so that no eye mistakes it for the
// green, is a black desktop.
var stateColors = map[sim.State]color.NRGBA{
	sim.Licensed:            {0x00, 0x9e, 0x73, 0xff},
	sim.InitialGrace:        {0x56, 0xb4, 0xe9, 0xff},
	sim.OutOfToleranceGrace: {0xe6, 0x9f, 0x00, 0xff},
	sim.Notification:        {0x5c, 0x1a, 0x00, 0xff},
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
