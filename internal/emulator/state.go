package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"
)

type stateFile struct {
	Version  int           `json:"version"`
	OffsetNS time.Duration `json:"clock_offset_ns"`
	Seq      uint64        `json:"seq"`
	Bindings []*binding    `json:"bindings"`
	// NumberStatus: X numbers that are not normal (numberstatus.go).
	NumberStatus map[string]NumberStatus `json:"number_status,omitempty"`
}

// PersistTo makes every acknowledged write save the state to path before
// the answer is sent ("" turns it off). Used by the binary's -state flag.
func (e *Emulator) PersistTo(path string) {
	e.mu.Lock()
	e.statePath = path
	e.mu.Unlock()
}

// persist saves the state if a state path is set (lock held).
func (e *Emulator) persist() {
	if e.statePath == "" {
		return
	}
	if err := e.saveLocked(e.statePath); err != nil {
		log.Printf("privatenumber-emulator: saving state: %v", err)
	}
}

// SaveState writes the bindings and clock to path atomically
// (temporary file, fsync, rename).
func (e *Emulator) SaveState(path string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.saveLocked(path)
}

func (e *Emulator) saveLocked(path string) error {
	st := stateFile{Version: 1, OffsetNS: e.offset, Seq: e.seq, Bindings: []*binding{}, NumberStatus: e.calls.status}
	for _, b := range e.bySub {
		st.Bindings = append(st.Bindings, b)
	}
	sortBindings(st.Bindings)
	data, err := json.Marshal(st)
	if err != nil {
		return err
	}
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
	return nil
}

// LoadState replaces the bindings with those saved in path. Bindings of
// applications the configuration does not have are dropped.
func (e *Emulator) LoadState(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var st stateFile
	if err := dec.Decode(&st); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if st.Version != 1 {
		return fmt.Errorf("%s: unsupported state version %d", path, st.Version)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.bySub = map[string]*binding{}
	e.byX = map[string]map[string]*binding{}
	e.numsOnX = map[string]map[string]string{}
	e.extOnX = map[string]map[string]string{}
	e.aCount = map[string]int{}
	e.yUse = map[string]int{}
	e.expiries = nil
	e.offset = st.OffsetNS
	e.seq = st.Seq
	e.calls = newCallState()
	for x, ns := range st.NumberStatus {
		if e.owner(x) != nil && statusNamesByCode[ns.Status] {
			e.calls.status[x] = ns
		}
	}
	for _, b := range st.Bindings {
		app := e.apps[b.AppKey]
		if b == nil || app == nil || app.Mode != b.Mode || b.SubID == "" {
			continue
		}
		if _, owned := app.areaOf[b.X]; !owned {
			continue
		}
		b.Fields = normalize(b.Fields)
		b.Reported = normalize(b.Reported)
		b.CalleeFields = normalize(b.CalleeFields)
		for _, m := range b.Members {
			m.Fields = normalize(m.Fields)
		}
		e.index(b)
	}
	e.sweep(e.now())
	return nil
}

// normalize turns json.Number values back into int64.
func normalize(m map[string]any) map[string]any {
	if m == nil {
		return nil
	}
	for k, v := range m {
		switch x := v.(type) {
		case json.Number:
			n, err := x.Int64()
			if err != nil {
				delete(m, k)
				continue
			}
			m[k] = n
		case map[string]any:
			m[k] = normalize(x)
		}
	}
	return m
}
