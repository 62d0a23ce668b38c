package main

import (
	"reflect"
	"testing"
)

func TestQuietPluginLogs(t *testing.T) {
	// The framework's and the protocol's subsystems by name too: with only the
	// root SDK logger off, their trace calls still search the context (a plan
	// creating a large AXB pool takes quadratic time; see quietPluginLogs).
	quiet := map[string]string{"TF_LOG_SDK": "off", "TF_LOG_PROVIDER": "off", "TF_LOG_SDK_FRAMEWORK": "off", "TF_LOG_SDK_PROTO": "off"}
	for _, tc := range []struct {
		env  []string
		want map[string]string
	}{
		{[]string{"HOME=/root", "PATH=/bin"}, quiet},
		{[]string{"TF_LOG=trace"}, map[string]string{}},
		{[]string{"TF_LOG_PROVIDER=debug"}, map[string]string{}},
		{[]string{"TF_LOG_PATH=/tmp/x.log"}, map[string]string{}},
		{[]string{"TF_ACC_LOG_PATH=/tmp/acc.log"}, map[string]string{}},
		{[]string{"TF_CLI_CONFIG_FILE=/x"}, quiet},
	} {
		got := map[string]string{}
		quietPluginLogs(tc.env, func(k, v string) error { got[k] = v; return nil })
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("environment %v: set %v, want %v", tc.env, got, tc.want)
		}
	}
}
