package probe

import (
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"
)

// WriteText prints the verdict on each contested point, and what the run
// could not unbind.
func (rep *Report) WriteText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "POINT\tREADING\tEVIDENCE")
	for _, p := range rep.Points {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", p.Name, p.Reading, p.Evidence)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "\n%d exchanges", len(rep.Exchanges))
	if rep.Interrupted {
		fmt.Fprint(w, "; interrupted (what the probe made was unbound)")
	}
	fmt.Fprintln(w)
	for _, l := range rep.Leftovers {
		fmt.Fprintln(w, "LEFT ON THE PLATFORM: "+l)
	}
	return nil
}

// WriteJSON writes the report with its transcript (numbers masked, no app
// key, secret or digest): the file to send back to the project.
func (rep *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(rep)
}

// Reading is the reading of the named point ("" if the report has none).
func (rep *Report) Reading(name string) string {
	for _, p := range rep.Points {
		if p.Name == name {
			return p.Reading
		}
	}
	return ""
}
