package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/privnum/terraform-provider-privatenumber/internal/client"
)

// A field the platform's answer leaves out is unknown, not false or empty
// (reference §17): Read keeps the state's value, so it shows no drift, while
// a field that is present does show drift; without a known state (a data
// source, an import) the record's zero reading stays.
func TestRecordsKeepAbsentFields(t *testing.T) {
	absent := client.Absent{"PrivateSMS": true, "RecordHintTone": true, "PreVoice": true}
	prior := axbRecord{SMSEnabled: types.BoolValue(true), RecordHintTone: types.StringValue("r.wav"),
		AHintTone: types.StringValue("a.wav"), RecordCalls: types.BoolValue(false)}
	got := axbRecordFrom(&client.AXBBinding{SubscriptionID: "s", RecordFlag: true, Absent: absent}, &prior)
	if !got.SMSEnabled.ValueBool() || got.RecordHintTone.ValueString() != "r.wav" || got.AHintTone.ValueString() != "a.wav" {
		t.Errorf("absent fields must keep the state's values: %+v", got)
	}
	if !got.RecordCalls.ValueBool() {
		t.Errorf("a present field must show the platform's value (drift): %+v", got)
	}
	if ds := axbRecordFrom(&client.AXBBinding{SubscriptionID: "s", Absent: absent}, nil); ds.SMSEnabled.ValueBool() || !ds.RecordHintTone.IsNull() {
		t.Errorf("without a prior, absent fields keep the zero reading (false, null): %+v", ds)
	}
	if c := axbRecordFrom(&client.AXBBinding{SubscriptionID: "s", Absent: client.Absent{"SubscribeTime": true}},
		&axbRecord{ExpiresAt: types.StringUnknown()}); !c.ExpiresAt.IsNull() {
		t.Errorf("an absent field over a create's unknown plan value keeps the zero reading (null), got %s", c.ExpiresAt)
	}
	ax := axRecordFrom(&client.AXBinding{SubscriptionID: "s", Absent: client.Absent{"PowerOn": true, "PrivateSMS": true}},
		&axRecord{PowerOn: types.BoolValue(false), SMSEnabled: types.BoolValue(true)})
	if ax.PowerOn.ValueBool() || !ax.SMSEnabled.ValueBool() {
		t.Errorf("AX absent fields: %+v", ax)
	}
	axe := axeRecordFrom(client.AXEBinding{SubscriptionID: "s", Absent: client.Absent{"CallbackNumber": true, "UserData": true}},
		&axeRecord{CallbackNumber: types.StringValue("+8675523456789"), UserData: types.StringValue("u")})
	if axe.CallbackNumber.ValueString() != "+8675523456789" || axe.UserData.ValueString() != "u" {
		t.Errorf("AXE absent fields: %+v", axe)
	}
}
