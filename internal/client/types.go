package client

import "time"

// This file holds the client's public, Go-native request and response types.
// Field comments name the wire field of the platform API
// (shared reference: privatenumber-api.md). The wire encoding (string
// booleans, numbers sent as strings, tolerant decoding) is the client's
// business and never leaks into these types.

// Call directions (callDirection), shared by AX, AXB and AXYB.
const (
	CallDirectionBoth    = 0 // both parties may call through the privacy number
	CallDirectionAToB    = 1 // only A (callerNum / origNum) may call
	CallDirectionBToA    = 2 // only B (calleeNum) / others may call
	AreaMatchStrict      = 0 // areaMatchMode 0: fail when the city has no free X
	AreaMatchFallback    = 1 // areaMatchMode 1: fall back to another city
	DisplayPrivateNumber = 0 // calleeNumDisplay / displayNumMode 0: A sees X
	DisplayRealCaller    = 1 // calleeNumDisplay / displayNumMode 1: A sees the real caller
	TimeUnitHours        = 0 // AXE timeUnit 0
	TimeUnitMinutes      = 1 // AXE timeUnit 1
)

// PreVoice is ApiPlayInfo (preVoice): pre-connect wait tones.
type PreVoice struct {
	CallerHintTone string // callerHintTone: tone when A calls X
	CalleeHintTone string // calleeHintTone: tone when B (or others) call X
}

// ---------------------------------------------------------------- AXB (§4)

// AXBBindRequest is the body of CreateAXBBinding (§4.1).
// DurationSeconds, CallDirection, RecordFlag and PrivateSMS are always sent
// (§16 explicit defaults).
type AXBBindRequest struct {
	XNumber            string // relationNum; empty when AreaCode picks X
	AreaCode           string // areaCode
	AreaMatchMode      int    // areaMatchMode (only sent with AreaCode)
	ANumber            string // callerNum
	BNumber            string // calleeNum
	CallDirection      int    // callDirection
	DurationSeconds    int    // duration, 0 = permanent
	RecordFlag         bool   // recordFlag
	RecordHintTone     string // recordHintTone
	MaxDurationMinutes int    // maxDuration, 0 = no limit
	LastMinVoice       string // lastMinVoice
	PrivateSMS         bool   // privateSms
	PreVoice           *PreVoice
	UserData           string // userData
}

// AXBBindResult is the bind response (§16).
type AXBBindResult struct {
	SubscriptionID string // subscriptionId
	XNumber        string // relationNum: the X actually bound
	ANumber        string // callerNum (may be empty)
	BNumber        string // calleeNum (may be empty)
}

// AXBUnbindRequest: SubscriptionID wins over XNumber (which unbinds every pair on X).
type AXBUnbindRequest struct {
	SubscriptionID string // subscriptionId
	XNumber        string // relationNum
}

// AXBModifyRequest is ModifyAXBBinding (§4.3): a partial update, nil = unchanged.
type AXBModifyRequest struct {
	SubscriptionID     string // subscriptionId (required)
	ANumber            *string
	BNumber            *string
	CallDirection      *int
	DurationSeconds    *int // restarts the lifetime clock
	MaxDurationMinutes *int
	LastMinVoice       *string
	PrivateSMS         *bool
	RecordFlag         *bool
	PreVoice           *PreVoice
}

// AXBBinding is one record of relationNumList in the query response (§16).
type AXBBinding struct {
	SubscriptionID     string
	XNumber            string // relationNum
	ANumber            string // callerNum
	BNumber            string // calleeNum
	CallDirection      int
	DurationSeconds    int
	RecordFlag         bool
	RecordHintTone     string
	MaxDurationMinutes int
	LastMinVoice       string
	PrivateSMS         bool
	PreVoice           PreVoice
	UserData           string
	SubscribeTime      time.Time // subscribeTime (UTC); zero when absent
	Absent             Absent    // fields the query answer did not carry (unknown, not zero)
}

// AXBQuery is QueryAXBBinding (§4.4). SubscriptionID wins; otherwise XNumber
// with optional ANumber / BNumber. PageIndex (from 1) and PageSize (10-100)
// are used by QueryAXB; ListAXB walks all pages itself.
type AXBQuery struct {
	SubscriptionID string
	XNumber        string
	ANumber        string
	BNumber        string
	PageIndex      int
	PageSize       int
}

// AXBPage is one page of an AXB query.
type AXBPage struct {
	TotalCount int
	Bindings   []AXBBinding
}

// ----------------------------------------------------------------- AX (§5)

// AXBindRequest is CreateAXBinding (§5.1). CallDirection, RecordFlag,
// PrivateSMS, CalleeNumDisplay and PowerOn are always sent.
type AXBindRequest struct {
	ANumber            string // origNum
	XNumber            string // privateNum
	AreaCode           string // areaCode (privateNumType "mobile-virtual" is sent with it)
	AreaMatchMode      int    // areaMatchMode
	CalleeNumDisplay   int    // calleeNumDisplay: DisplayPrivateNumber or DisplayRealCaller
	RecordFlag         bool
	RecordHintTone     string
	PrivateSMS         bool
	PreVoice           *PreVoice
	MaxDurationMinutes int
	LastMinVoice       string
	UserData           string
	PowerOn            bool // turnFlag "on" / "off"
	CallDirection      int
}

// AXBindResult is the AX bind response.
type AXBindResult struct {
	SubscriptionID string
	ANumber        string // origNum
	XNumber        string // privateNum
}

// AXUnbindRequest: SubscriptionID, or ANumber + XNumber.
type AXUnbindRequest struct {
	SubscriptionID string
	ANumber        string
	XNumber        string
}

// AXModifyRequest is ModifyAXBinding (§5.3): nil = unchanged.
type AXModifyRequest struct {
	SubscriptionID     string
	ANumber            string // origNum, with XNumber, when SubscriptionID is empty
	XNumber            string
	MaxDurationMinutes *int
	PrivateSMS         *bool
	RecordFlag         *bool
}

// AXBinding is one record of privateNumList (§16).
type AXBinding struct {
	SubscriptionID     string
	ANumber            string // origNum
	XNumber            string // privateNum
	CalleeNumDisplay   int
	RecordFlag         bool
	RecordHintTone     string
	PrivateSMS         bool
	MaxDurationMinutes int
	LastMinVoice       string
	PreVoice           PreVoice
	PowerOn            bool // turnFlag
	CallDirection      int
	UserData           string
	SubscribeTime      time.Time
	Absent             Absent // fields the query answer did not carry (unknown, not zero)
}

// AXQuery: exactly one of the fields; precedence SubscriptionID > ANumber > XNumber.
type AXQuery struct {
	SubscriptionID string
	ANumber        string
	XNumber        string
}

// AXCalleeRequest is "set temporary callee" (§5.5).
type AXCalleeRequest struct {
	SubscriptionID     string
	ANumber            string
	XNumber            string
	CalleeNumber       string // calleeNum
	DurationSeconds    int    // duration, 1-259200, 0 = platform default (60)
	UserData           string
	MaxDurationMinutes int
}

// ---------------------------------------------------------------- AXE (§6)

// AXEBindRequest is CreateAXEBinding (§6.1). TimeUnit, BindExpiredTime,
// CallbackExpiredTime, RecordFlag and DisplayNumMode are always sent.
type AXEBindRequest struct {
	ANumber             string // bindNum
	XNumber             string // virtualNum
	AreaCode            string
	AreaMatchMode       int
	Extension           string // extendNum; empty = assigned by the platform
	DisplayNumMode      int
	RecordFlag          bool
	RecordHintTone      string
	CallbackTone        string
	CallbackNumber      string // callbackNum
	TimeUnit            int
	BindExpiredTime     int // in TimeUnit, 0 = permanent
	CallbackExpiredTime int // in TimeUnit
	UserData            string
}

// AXEBindResult is the AXE bind response (§16).
type AXEBindResult struct {
	SubscriptionID string
	XNumber        string // virtualNum
	Extension      string // extendNum
	ANumber        string // bindNum
}

// AXEUnbindRequest: SubscriptionID, or XNumber + Extension.
type AXEUnbindRequest struct {
	SubscriptionID string
	XNumber        string
	Extension      string
}

// AXEModifyRequest is ModifyAXEBinding (§6.3): nil = unchanged.
type AXEModifyRequest struct {
	SubscriptionID      string
	XNumber             string
	Extension           string
	TimeUnit            *int
	BindExpiredTime     *int
	CallbackExpiredTime *int
	CallbackNumber      *string
	CallbackTone        *string
	RecordFlag          *bool
	RecordHintTone      *string
}

// AXEBinding is the AXE query v1.0 record (§6.4), also the element of v2.0's bindList.
// BindExpiredTime / TimeUnit are the bind-time values, even after a modify (§6.3).
type AXEBinding struct {
	SubscriptionID      string
	XNumber             string // virtualNum
	Extension           string // extendNum
	ANumber             string // bindNum
	DisplayNumMode      int
	RecordFlag          bool
	RecordHintTone      string
	CallbackTone        string
	CallbackNumber      string
	TimeUnit            int
	BindExpiredTime     int
	CallbackExpiredTime int
	UserData            string
	Absent              Absent // fields the query answer did not carry (unknown, not zero)
}

// AXEQuery is query v1.0: SubscriptionID, or XNumber + Extension.
type AXEQuery struct {
	SubscriptionID string
	XNumber        string
	Extension      string
}

// AXEListQuery is query v2.0 over one X. Cursor "" means the first page.
type AXEListQuery struct {
	XNumber string
	Cursor  string
	Limit   int // 1-100, 0 = platform default (100)
}

// AXEPage is one v2.0 page. NextCursor is empty on the last page.
type AXEPage struct {
	NextCursor string
	Bindings   []AXEBinding
}

// --------------------------------------------------------------- AXYB (§7)

// AXYBBindRequest is bind form 1 (the AX part). DurationSeconds,
// YBDurationSeconds, CallDirection and RecordFlag are always sent.
type AXYBBindRequest struct {
	ANumber           string // origNum
	AreaCode          string // areaCode
	AreaMatchMode     int
	CallDirection     int
	DurationSeconds   int // duration: 0 = permanent, else 60-7776000
	YBDurationSeconds int // ybDuration: 0 = members end with the group
	RecordFlag        bool
	RecordHintTone    string
	PreVoiceX         string // preVoiceX
	UserData          string
}

// AXYBMemberBindRequest is bind form 2 (a YB member on an existing group).
type AXYBMemberBindRequest struct {
	SubscriptionID string // subscriptionId of the group
	BNumber        string // origNum in form 2 is B
	AreaCode       string // optional, for picking Y
	AreaMatchMode  int
	PreVoiceY      string
}

// AXYBBindResult: Number is relationNumber, X for form 1 and Y for form 2.
type AXYBBindResult struct {
	SubscriptionID string
	Number         string
}

// AXYBUnbindRequest: the whole group, or one member by YNumber (wins) or BNumber.
type AXYBUnbindRequest struct {
	SubscriptionID string
	YNumber        string // yNum
	BNumber        string // bNum
}

// AXYBQuery: SubscriptionID wins over XNumber (relationNum).
type AXYBQuery struct {
	SubscriptionID string
	XNumber        string
}

// AXYBRelation is one xyRelationNumInfo record. The group's own AX record
// has empty YNumber and BNumber; each member is one more record.
type AXYBRelation struct {
	BindID            string
	SubscriptionID    string
	ANumber           string // numA
	XNumber           string // numX
	YNumber           string // numY
	BNumber           string // numB
	RecordFlag        bool
	RecordHintTone    string
	SubscribeTime     time.Time
	CallDirection     int
	DurationSeconds   int
	YBDurationSeconds int
	PreVoiceX         string
	PreVoiceY         string
	UserData          string
	Absent            Absent // fields the query answer did not carry (unknown, not zero)
}
