package bot

import "time"

// Meter is told what the engines and the dispatchers do, for the
// operator's metrics and health check. Its methods must be cheap and safe
// for concurrent use. A nil Meter in an Engine or a Dispatcher counts
// nothing.
type Meter interface {
	// Polling: a poll of platform began (a long poll parked at the
	// platform is a sign of life until it ends, within its timeout).
	Polling(platform string)
	// Polled: a poll of platform answered, with n updates (0 for a long
	// poll that timed out empty). It proves the platform reachable.
	Polled(platform string, n int)
	// PollFailed: a poll of platform failed.
	PollFailed(platform string)
	// Received: an update of kind arrived from platform.
	Received(platform string, kind Kind)
	// Delivered: a send to platform ended with result (see the Result
	// constants), in lane (LaneReply or LaneBulk), after took.
	Delivered(platform, lane string, result Result, took time.Duration)
	// Paused: platform asked (429) to wait d before sending again.
	Paused(platform string, d time.Duration)
}

// Lanes of the outbox: replies to people, and bulk messages (appeals,
// digests) that give way to them.
const (
	LaneReply = "reply"
	LaneBulk  = "bulk"
)

// LaneOf is the lane of a message of priority p.
func LaneOf(priority int) string {
	if priority > 0 {
		return LaneBulk
	}
	return LaneReply
}

// Result is how one send ended.
type Result string

const (
	ResultSent         Result = "sent"
	ResultBlocked      Result = "blocked"      // the recipient blocked the bot
	ResultRejected     Result = "rejected"     // the platform refused the message for good
	ResultRateLimited  Result = "rate_limited" // 429: sent again after the pause
	ResultUnauthorized Result = "unauthorized" // the token was refused
	ResultRetry        Result = "retry"        // a temporary failure: tried again later
	ResultGivenUp      Result = "given_up"     // failed for longer than GiveUpAfter
	ResultStopping     Result = "stopping"     // cut short by the bot stopping
)
