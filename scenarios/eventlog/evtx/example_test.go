package evtx_test

import (
	"bytes"
	"fmt"
	"io"
	"log"
	"time"

	"github.com/kmssim/kmssim/scenarios/eventlog/evtx"
	"github.com/kmssim/kmssim/scenarios/eventlog/evtx/evtxtest"
)

func Example() {
	// A Key Management Service log with one activation request, as a KMS
	// host writes it.
	var file bytes.Buffer
	w := evtxtest.NewWriter(&file, evtxtest.Options{})
	at := time.Date(2026, 11, 30, 14, 3, 22, 0, time.UTC)
	w.Write(evtxtest.KMSEvent("kms1.corp.example", at, []string{"", "0x0", "25", "pc-042.corp.example",
		"{3F1D5F2A-6F8C-4B3E-9A1B-2C3D4E5F6071}", "2026/11/30 14:03", "0", "1", "120", "{55C92734-D682-4D71-983E-D6EC3F16059F}"}))
	w.Close()

	r, err := evtx.NewReader(&file)
	if err != nil {
		log.Fatal(err)
	}
	for {
		rec, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(rec.ID, rec.EventID, rec.Time.Format(time.RFC3339), rec.Computer, rec.Channel)
		fmt.Printf("%q\n", rec.Data[1:4])
	}
	fmt.Println("skipped:", len(r.Skipped()))
	// Output:
	// 1 12290 2026-11-30T14:03:22Z kms1.corp.example Key Management Service
	// ["0x0" "25" "pc-042.corp.example"]
	// skipped: 0
}
