package handlers

import "chungsuc/bot"

// routes registers every command, alias, button and flow.
func (a *App) routes() {
	r := a.Router
	r.Use(bot.Recover(a.Log), a.privateOnly, a.identify)
	if !a.NoFlood {
		r.Use(a.Flood.Middleware())
	}

	r.Command(a.start, "start", "batdau")
	r.Command(a.help, "help", "trogiup")
	r.Command(a.settings, "settings", "caidat")
	r.Command(a.hotline, "hotline", "duongdaynong")
	r.Command(a.cancel, "cancel", "huy")

	r.Callback(actBrowse, a.onBrowse)
	r.Callback(actChoose, a.onChoose)
	r.Callback(actConfirm, a.onConfirm)
	r.Callback(actSetLang, a.onSetLang)
	r.Callback(actChangeUnit, a.onChangeUnit)
	r.Callback(actFlowCancel, a.onFlowCancel)
	r.Default(a.fallback)

	a.flows = map[string]flowInfo{
		flowJoin: {nameKey: "flow.join", command: "start", input: a.joinInput},
	}
	for _, f := range features {
		f(a)
	}
}

// features are the parts of the bot that register their own commands,
// buttons and flows (one file each).
var features []func(a *App)

// addFeature registers a feature; it returns true so it can run from a
// package-level var.
func addFeature(f func(a *App)) bool {
	features = append(features, f)
	return true
}
