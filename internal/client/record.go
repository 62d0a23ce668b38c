package client

import "encoding/json"

// Absent names the fields of a query record (by their Go names, such as
// "PrivateSMS") that the platform's answer did not carry. The public material
// disagrees on which optional fields a query answer holds (reference §17: the
// one public data class of an AXB query item has no privateSms, preVoice,
// lastMinVoice or recordHintTone), so an absent field is unknown, never false
// or empty: a caller keeps the value it had. A nil Absent means every field
// was present.
type Absent map[string]bool

// Lacks reports whether the answer left out the field (a Go field name).
func (a Absent) Lacks(field string) bool { return a[field] }

// Optional fields of each mode's query record: wire name → Go field name.
var (
	axOptional = map[string]string{
		"calleeNumDisplay": "CalleeNumDisplay", "recordFlag": "RecordFlag", "recordHintTone": "RecordHintTone",
		"privateSms": "PrivateSMS", "maxDuration": "MaxDurationMinutes", "lastMinVoice": "LastMinVoice",
		"preVoice": "PreVoice", "turnFlag": "PowerOn", "callDirection": "CallDirection", "userData": "UserData",
		"subscribeTime": "SubscribeTime",
	}
	axbOptional = map[string]string{
		"callDirection": "CallDirection", "duration": "DurationSeconds", "recordFlag": "RecordFlag",
		"recordHintTone": "RecordHintTone", "maxDuration": "MaxDurationMinutes", "lastMinVoice": "LastMinVoice",
		"privateSms": "PrivateSMS", "preVoice": "PreVoice", "userData": "UserData", "subscribeTime": "SubscribeTime",
	}
	axeOptional = map[string]string{
		"displayNumMode": "DisplayNumMode", "recordFlag": "RecordFlag", "recordHintTone": "RecordHintTone",
		"callbackTone": "CallbackTone", "callbackNum": "CallbackNumber", "timeUnit": "TimeUnit",
		"bindExpiredTime": "BindExpiredTime", "callbackExpiredTime": "CallbackExpiredTime", "userData": "UserData",
	}
	axybOptional = map[string]string{
		"recordFlag": "RecordFlag", "recordHintTone": "RecordHintTone", "subscribeTime": "SubscribeTime",
		"callDirection": "CallDirection", "duration": "DurationSeconds", "ybDuration": "YBDurationSeconds",
		"preVoiceX": "PreVoiceX", "preVoiceY": "PreVoiceY", "userData": "UserData",
	}
)

// record decodes one query record into its wire type W and remembers which
// keys the answer carried (a JSON null counts as absent).
type record[W any] struct {
	wire W
	keys map[string]bool
}

func (r *record[W]) UnmarshalJSON(b []byte) error {
	if err := json.Unmarshal(b, &r.wire); err != nil {
		return err
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	r.keys = make(map[string]bool, len(m))
	for k, v := range m {
		if string(v) != "null" {
			r.keys[k] = true
		}
	}
	return nil
}

// absent lists the optional fields the record lacked, by Go name.
func (r *record[W]) absent(optional map[string]string) Absent {
	var a Absent
	for wire, field := range optional {
		if !r.keys[wire] {
			if a == nil {
				a = Absent{}
			}
			a[field] = true
		}
	}
	return a
}
