package provider

import (
	"errors"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/privnum/terraform-provider-privatenumber/internal/client"
)

// Each class of platform answer becomes a diagnostic that says what to do and
// carries the result code (reference §10, §16).
func TestPlatformErrorDiagnostics(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want []string
	}{
		{&client.Error{Operation: "AXB.bind", HTTPStatus: 403, ResultCode: "1010013", ResultDesc: "Time out limit."},
			[]string{"clock", "Synchronise", "1010013", "AXB.bind"}},
		{&client.Error{Operation: "AX.query", HTTPStatus: 403, ResultCode: "1020176", ResultDesc: "Authentication failed, try again later"},
			[]string{"locked", "30 minutes", "retrying now only extends the lock", "1020176"}},
		{&client.Error{Operation: "AX.bind", HTTPStatus: 403, ResultCode: "1010003", ResultDesc: "Invalid app_key."},
			[]string{"app_key", EnvAppSecret, "1010003"}},
		{&client.Error{Operation: "AXE.bind", HTTPStatus: 403, ResultCode: "1010040", ResultDesc: "The app_key is not allowed to invoke the API."},
			[]string{"one mode", "provider alias", "1010040"}},
		{&client.Error{Operation: "AXB.query", HTTPStatus: 429, ResultCode: "1010010", ResultDesc: "The flow control upper limit is reached on the platform."},
			[]string{"requests_per_second", "max_retries", "1010010"}},
		{&client.Error{Operation: "AXB.bind", HTTPStatus: 403, ResultCode: "1012001", ResultDesc: "Resource of number is not to be applied."},
			[]string{"not one of this application's numbers", "1012001"}},
		{&client.Error{Operation: "AXB.modify", HTTPStatus: 403, ResultCode: "1010002", ResultDesc: "Invalid request.lastMinVoice"},
			[]string{"uploaded and approved", "Invalid request.lastMinVoice"}},
		{&client.UnknownOutcomeError{Operation: "AXYB.bind", Cause: errors.New("EOF")},
			[]string{"may or may not have been applied", "EOF"}},
		{&client.Error{Operation: "AXB.bind", HTTPStatus: 502},
			[]string{"HTTP 502"}},
		// Reference §17: a bad digest is 401 1010010, not flow control; a coded 404 that is not
		// the mode's not-found code is a wrong address, and the request is named.
		{&client.Error{Operation: "AXB.query", HTTPStatus: 401, ResultCode: "1010010", ResultDesc: "Invalid digest.",
			Endpoint: "https://pn.example", Path: "/rest/caas/relationnumber/partners/v1.0"},
			[]string{"app_secret", "clock", "sent once", "https://pn.example/rest/caas/relationnumber/partners/v1.0", "1010010"}},
		{&client.Error{Operation: "AX.query", HTTPStatus: 404, ResultCode: "1010001", ResultDesc: "Invalid URL.",
			Endpoint: "https://pn.example", Path: "/wrong"},
			[]string{"endpoint", "path looks wrong", "state is as it was", "https://pn.example/wrong"}},
	} {
		var diags diag.Diagnostics
		addPlatformError(&diags, "create the binding", tc.err, codeHints{"1012001": "X +8617000000001 is not this application's."})
		if diags.ErrorsCount() != 1 || diags.Errors()[0].Summary() != "Could not create the binding" {
			t.Fatalf("%v: want one error 'Could not create the binding', got %v", tc.err, diags)
		}
		detail := diags.Errors()[0].Detail()
		for _, w := range tc.want {
			if !strings.Contains(detail, w) {
				t.Errorf("%v: detail lacks %q:\n%s", tc.err, w, detail)
			}
		}
	}
}

func TestPlatformErrorHintsComeFirst(t *testing.T) {
	var diags diag.Diagnostics
	addPlatformError(&diags, "create the AXB binding",
		&client.Error{Operation: "AXB.bind", HTTPStatus: 403, ResultCode: "1012010", ResultDesc: "The relation number has been bound."},
		codeHints{"1012010": "X +8617000000101 already carries +8613800000001."})
	detail := diags.Errors()[0].Detail()
	if !strings.HasPrefix(detail, "X +8617000000101 already carries +8613800000001.") || !strings.Contains(detail, "result code 1012010") {
		t.Errorf("the mode's explanation must lead and the code must follow:\n%s", detail)
	}
}
