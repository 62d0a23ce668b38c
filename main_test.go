package main

import (
	"reflect"
	"testing"
)

func TestQuietPluginLogs(t *testing.T) {
	for _, tc := range []struct {
		env  []string
		want map[string]string
	}{
		{[]string{"HOME=/root", "PATH=/bin"}, map[string]string{"TF_LOG_SDK": "off", "TF_LOG_PROVIDER": "off"}},
		{[]string{"TF_LOG=trace"}, map[string]string{}},
		{[]string{"TF_LOG_PROVIDER=debug"}, map[string]string{}},
		{[]string{"TF_LOG_PATH=/tmp/x.log"}, map[string]string{}},
		{[]string{"TF_ACC_LOG_PATH=/tmp/acc.log"}, map[string]string{}},
		{[]string{"TF_CLI_CONFIG_FILE=/x"}, map[string]string{"TF_LOG_SDK": "off", "TF_LOG_PROVIDER": "off"}},
	} {
		got := map[string]string{}
		quietPluginLogs(tc.env, func(k, v string) error { got[k] = v; return nil })
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("environment %v: set %v, want %v", tc.env, got, tc.want)
		}
	}
}
