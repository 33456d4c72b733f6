package handlers

// viRole holds the Vietnamese words of roles: who may do what.
var viRole = map[string]string{
	"role.denied.coordinator": "⛔ Việc này dành cho cán bộ phụ trách. Bạn hiện không phụ trách đơn vị nào. Nếu được giao nhiệm vụ, hãy xin cán bộ phường đường dẫn mời.",
	"role.denied.official":    "⛔ Việc này dành cho lãnh đạo, cán bộ theo dõi phong trào. Nếu được giao nhiệm vụ, hãy xin cán bộ phường đường dẫn mời.",
}

// enRole holds the English words of roles.
var enRole = map[string]string{
	"role.denied.coordinator": "⛔ This is for coordinators. You do not coordinate any unit now. If you have been given the task, ask the ward office for an invitation link.",
	"role.denied.official":    "⛔ This is for the officials who follow the movement. If you have been given the task, ask the ward office for an invitation link.",
}
