package provider

import (
	"fmt"
	"strings"
	"testing"
)

// provinceCapitals maps every province-level division of mainland China to
// the area code of its capital (reference §3.2: a fixed line in global format
// is +86, the area code without its leading 0, then the local number).
var provinceCapitals = map[string]string{
	"Beijing": "010", "Shanghai": "021", "Tianjin": "022", "Chongqing": "023",
	"Hebei (Shijiazhuang)": "0311", "Shanxi (Taiyuan)": "0351", "Inner Mongolia (Hohhot)": "0471",
	"Liaoning (Shenyang)": "024", "Jilin (Changchun)": "0431", "Heilongjiang (Harbin)": "0451",
	"Jiangsu (Nanjing)": "025", "Zhejiang (Hangzhou)": "0571", "Anhui (Hefei)": "0551",
	"Fujian (Fuzhou)": "0591", "Jiangxi (Nanchang)": "0791", "Shandong (Jinan)": "0531",
	"Henan (Zhengzhou)": "0371", "Hubei (Wuhan)": "027", "Hunan (Changsha)": "0731",
	"Guangdong (Guangzhou)": "020", "Guangxi (Nanning)": "0771", "Hainan (Haikou)": "0898",
	"Sichuan (Chengdu)": "028", "Guizhou (Guiyang)": "0851", "Yunnan (Kunming)": "0871",
	"Tibet (Lhasa)": "0891", "Shaanxi (Xi'an)": "029", "Gansu (Lanzhou)": "0931",
	"Qinghai (Xining)": "0971", "Ningxia (Yinchuan)": "0951", "Xinjiang (Urumqi)": "0991",
}

// TestNumberPlan checks the plan-time number rule against the numbering plan
// (reference §17 "95 numbers"): a mobile number and a fixed line in the
// capital of every province are accepted (Ningxia's +86951... among them,
// which the provider used to refuse as a "95 number"); 400 and 95 service
// numbers are refused with the fix.
func TestNumberPlan(t *testing.T) {
	valid := []string{"+8613800000001", "+8619912345678", "+85291234567"}
	for _, area := range provinceCapitals {
		local := "62345678" // 8-digit local numbers in every capital
		valid = append(valid, "+86"+strings.TrimPrefix(area, "0")+local)
		if len(area) == 4 {
			valid = append(valid, "+86"+strings.TrimPrefix(area, "0")+local[1:]) // 7-digit local numbers remain in 4-digit areas
		}
	}
	valid = append(valid, "+869522345678", "+869532345678", "+869542345678", "+869552345678") // Ningxia's other areas
	for _, n := range valid {
		if p := numberProblem(n); p != "" {
			t.Errorf("%s must be accepted, got %q", n, p)
		}
	}
	for n, kind := range map[string]string{
		"+8695588": "95", "+8695105105": "95", "+864008123456": "400", "+86400": "400",
	} {
		p := numberProblem(n)
		if !strings.Contains(p, fmt.Sprintf("is a %s number", kind)) || !strings.Contains(p, "use the mobile or fixed line behind it") {
			t.Errorf("%s: want a %s-number error with the fix, got %q", n, kind, p)
		}
	}
	for _, n := range []string{"13800000001", "+86 138 0000 0001", "+861"} {
		if numberProblem(n) == "" {
			t.Errorf("%s must be refused", n)
		}
	}
}
