package bot

import (
	"context"
	"errors"
	"slices"
	"sort"
	"strings"
)

// HandlerFunc handles one update with the application's state for it, s
// (its transaction and the person's record, say: a type the application
// chooses). A returned error rolls back the update's effects; a
// *UserError becomes a reply the person can act on, any other error a
// polite apology (and a log line).
type HandlerFunc[S any] func(ctx context.Context, c *Context, s S) error

// Middleware wraps a handler; middleware given together applies last to
// first, so the first one is the outermost.
type Middleware[S any] func(HandlerFunc[S]) HandlerFunc[S]

// Router routes commands (with their aliases), verified button presses and
// everything else to handlers. S is the application's per-update state,
// handed to every handler as it is: the bot package never looks inside.
type Router[S any] struct {
	botName   string
	signer    *Signer
	texts     Texts
	mws       []Middleware[S]
	commands  map[string]HandlerFunc[S]
	callbacks map[string]HandlerFunc[S]
	fallback  HandlerFunc[S]
	refused   HandlerFunc[S]
}

// NewRouter returns a router that verifies buttons with signer and takes
// its own words from texts.
func NewRouter[S any](signer *Signer, texts Texts) *Router[S] {
	return &Router[S]{signer: signer, texts: texts,
		commands: map[string]HandlerFunc[S]{}, callbacks: map[string]HandlerFunc[S]{}}
}

// SetBotName sets the bot's username, so that "/help@OtherBot" in a group
// is left alone and "/help@ThisBot" is handled.
func (r *Router[S]) SetBotName(name string) {
	r.botName = strings.ToLower(strings.TrimPrefix(name, "@"))
}

// Use adds middleware around every route, including those already added.
func (r *Router[S]) Use(mw ...Middleware[S]) { r.mws = append(r.mws, mw...) }

// Command routes a command and its aliases (names without the slash,
// matched without regard to case) to h.
func (r *Router[S]) Command(h HandlerFunc[S], names ...string) { r.Group().Command(h, names...) }

// Callback routes button presses whose action is action to h.
func (r *Router[S]) Callback(action string, h HandlerFunc[S]) { r.Group().Callback(action, h) }

// Default handles everything else: free text, photos, contacts, other
// media, and unknown commands (with c.Command set).
func (r *Router[S]) Default(h HandlerFunc[S]) { r.fallback = h }

// Refused handles a press of a button that fails verification (forged,
// signed for someone else, or for an action no longer routed), after the
// router has answered it as expired: to record the attempt, say. It runs
// inside the router's middleware; c.Action is empty.
func (r *Router[S]) Refused(h HandlerFunc[S]) { r.refused = h }

// Group returns a set of routes that share middleware, such as a role
// check. Its middleware applies inside the router's.
func (r *Router[S]) Group(mw ...Middleware[S]) *Group[S] {
	return &Group[S]{r: r, mws: slices.Clone(mw)}
}

// Commands lists the routed command names, sorted.
func (r *Router[S]) Commands() []string {
	names := make([]string, 0, len(r.commands))
	for n := range r.commands {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Serve routes one update through the middleware to its handler.
func (r *Router[S]) Serve(ctx context.Context, c *Context, s S) error {
	c.signer, c.texts = r.signer, r.texts
	return chain(r.dispatch, r.mws)(ctx, c, s)
}

func (r *Router[S]) dispatch(ctx context.Context, c *Context, s S) error {
	switch c.Update.Kind {
	case KindCallback:
		return r.dispatchCallback(ctx, c, s)
	case KindMessage:
		return r.dispatchMessage(ctx, c, s)
	}
	return nil
}

func (r *Router[S]) dispatchCallback(ctx context.Context, c *Context, s S) error {
	u := c.Update
	if u.Callback == nil {
		return nil
	}
	action, params, err := r.verify(u.From.ID, u.Callback.Data)
	h, ok := r.callbacks[action]
	if err != nil || !ok {
		c.Answer(c.T(MsgExpiredButton), true)
		if r.refused != nil {
			return r.refused(ctx, c, s)
		}
		return nil
	}
	c.Action, c.Params = action, params
	if err := h(ctx, c, s); err != nil {
		return err
	}
	c.Answer("", false)
	return nil
}

func (r *Router[S]) verify(userID, data string) (string, []string, error) {
	if r.signer == nil {
		parts := strings.Split(data, ":")
		return parts[0], parts[1:], nil
	}
	return r.signer.Verify(userID, data)
}

func (r *Router[S]) dispatchMessage(ctx context.Context, c *Context, s S) error {
	u := c.Update
	// Commands come only from text: a photo's caption that starts with
	// "/" is a caption, and the photo goes where photos go.
	name, at, args, ok := ParseCommand(u.Text)
	ok = ok && u.Photo == nil && u.Media == "" && u.Contact == nil
	if ok && at != "" && r.botName != "" && at != r.botName && !u.Chat.Private {
		return nil // addressed to another bot in a group
	}
	// In a private chat only this bot reads it: "/start@OtherBot" typed
	// here (a link or a habit from a group) is answered as ours.
	if ok {
		c.Command, c.Args = name, args
		if h, found := r.commands[name]; found {
			return h(ctx, c, s)
		}
	}
	if r.fallback == nil {
		return errors.New("router has no default handler")
	}
	return r.fallback(ctx, c, s)
}

// ParseCommand splits "/Name@bot  args" into the lower-case name, the
// lower-case bot name after '@' (if any) and the trimmed arguments. ok is
// false when text is not a command.
func ParseCommand(text string) (name, at, args string, ok bool) {
	if !strings.HasPrefix(text, "/") {
		return "", "", "", false
	}
	head, rest, _ := strings.Cut(text[1:], " ")
	if i := strings.IndexAny(head, "\n\t"); i >= 0 {
		head, rest = head[:i], head[i+1:]+" "+rest
	}
	head, at, _ = strings.Cut(head, "@")
	if !validCommand(head) {
		return "", "", "", false
	}
	return strings.ToLower(head), strings.ToLower(at), strings.TrimSpace(rest), true
}

func validCommand(s string) bool {
	if s == "" || len(s) > 32 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}

// Group is a set of routes with shared middleware.
type Group[S any] struct {
	r   *Router[S]
	mws []Middleware[S]
}

// Use adds middleware to the routes added to g after this call.
func (g *Group[S]) Use(mw ...Middleware[S]) { g.mws = append(g.mws, mw...) }

// Command routes a command and its aliases to h inside g's middleware.
func (g *Group[S]) Command(h HandlerFunc[S], names ...string) {
	for _, n := range names {
		n = strings.ToLower(n)
		if _, dup := g.r.commands[n]; dup {
			panic("command routed twice: " + n) // a programming error the tests catch
		}
		g.r.commands[n] = chain(h, g.mws)
	}
}

// Callback routes button presses of action to h inside g's middleware.
func (g *Group[S]) Callback(action string, h HandlerFunc[S]) {
	if _, dup := g.r.callbacks[action]; dup {
		panic("button action routed twice: " + action) // a programming error the tests catch
	}
	g.r.callbacks[action] = chain(h, g.mws)
}

func chain[S any](h HandlerFunc[S], mws []Middleware[S]) HandlerFunc[S] {
	for i := len(mws) - 1; i >= 0; i-- {
		h = mws[i](h)
	}
	return h
}
