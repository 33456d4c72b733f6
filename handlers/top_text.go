package handlers

// viTop and enTop are the words of /top.
var viTop = map[string]string{}

var enTop = map[string]string{}
