// Package fault defines the structured error every rtcprice entry point
// returns: a code, the path of the input field it is about, a stable reason
// with the parameters a translated message needs, and an English message.
package fault

import (
	"fmt"
	"strconv"
)

// Codes of an Error, as documented in docs/api.md.
const (
	CodeInvalid  = "invalid"   // the input breaks a rule
	CodeNotFound = "not_found" // an unknown catalog, meter or package
	CodeLimit    = "limit"     // the input is past a documented size limit
	CodeInternal = "internal"  // a bug: never the caller's fault
)

// Error is a structured error naming the field it is about.
type Error struct {
	Code   string `json:"code"`
	Field  string `json:"field"`
	Reason Reason `json:"reason"` // the rule broken: one stable snake_case key per rule
	Params Params `json:"params"` // what a message in any language needs
	// Message is English, for developers; pages show their own text,
	// made from Reason and Params.
	Message string `json:"message"`
}

// Reason is the stable key of the rule an input breaks (see reasons.go).
type Reason string

// Params are the values a message about an Error needs: limits, the
// offending value, the allowed values. Values are strings or integers;
// encoding/json writes the keys sorted, so the output is deterministic.
type Params map[string]any

func (e *Error) Error() string {
	if e.Field == "" {
		return e.Code + ": " + e.Message
	}
	return e.Code + ": " + e.Field + ": " + e.Message
}

// New returns the Error of reason r about field, with the params its
// message needs and an English message. Its code is the reason's, from
// Table: one reason, one code. A reason Table does not list gives code
// "internal" (a test walks every refusal to rule that out).
func New(field string, r Reason, p Params, format string, args ...any) *Error {
	code := CodeOf(r)
	if code == "" {
		code = CodeInternal
	}
	if p == nil {
		p = Params{}
	}
	return &Error{Code: code, Field: field, Reason: r, Params: p, Message: fmt.Sprintf(format, args...)}
}

// Internal returns an Error with code and reason "internal": a bug,
// never the caller's fault.
func Internal(format string, args ...any) *Error {
	return New("", InternalError, nil, format, args...)
}

// Join returns the path of a child field: Join("purchases[2]", "date") is
// "purchases[2].date"; an empty parent gives the child alone.
func Join(parent, child string) string {
	if parent == "" {
		return child
	}
	return parent + "." + child
}

// Index returns the path of an element: Index("purchases", 2) is
// "purchases[2]".
func Index(parent string, i int) string {
	return parent + "[" + strconv.Itoa(i) + "]"
}
