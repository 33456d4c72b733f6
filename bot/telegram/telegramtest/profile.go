package telegramtest

// Telegram's limits on the bot's description and short description, in
// characters (UTF-16 code units).
const (
	maxDescription      = 512
	maxShortDescription = 120
)

// profileKey identifies one text of the bot's profile: its parameter
// ("description" or "short_description") and a language code ("" for
// all languages).
type profileKey struct{ param, lang string }

// setMyDescription sets the text shown in an empty chat with the bot;
// setMyShortDescription the one on its profile page and where it is
// shared.
func (s *Server) setMyDescription(r *request) (any, *apiError) {
	return s.setProfileText(r, "description", maxDescription)
}

func (s *Server) setMyShortDescription(r *request) (any, *apiError) {
	return s.setProfileText(r, "short_description", maxShortDescription)
}

func (s *Server) getMyDescription(r *request) (any, *apiError) {
	return s.getProfileText(r, "description")
}

func (s *Server) getMyShortDescription(r *request) (any, *apiError) {
	return s.getProfileText(r, "short_description")
}

// setProfileText stores parameter param of r for its language; an empty
// or missing text removes the one set for that language.
func (s *Server) setProfileText(r *request, param string, max int) (any, *apiError) {
	lang := r.get("language_code")
	if lang != "" && !isLanguageCode(lang) {
		return nil, badRequest("invalid language code specified")
	}
	text := r.get(param)
	if utf16Len(text) > max {
		if param == "short_description" {
			return nil, badRequest("short description is too long")
		}
		return nil, badRequest("description is too long")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if text == "" {
		delete(s.profile, profileKey{param, lang})
	} else {
		s.profile[profileKey{param, lang}] = text
	}
	return true, nil
}

// getProfileText returns the text stored for exactly the given language,
// without falling back to the one for all languages.
func (s *Server) getProfileText(r *request, param string) (any, *apiError) {
	lang := r.get("language_code")
	if lang != "" && !isLanguageCode(lang) {
		return nil, badRequest("invalid language code specified")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return map[string]string{param: s.profile[profileKey{param, lang}]}, nil
}

// Description returns the description stored by setMyDescription for
// lang ("" = no language_code), or "" if none is set.
func (s *Server) Description(lang string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.profile[profileKey{"description", lang}]
}

// ShortDescription returns the short description stored by
// setMyShortDescription for lang ("" = no language_code), or "" if none
// is set.
func (s *Server) ShortDescription(lang string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.profile[profileKey{"short_description", lang}]
}
