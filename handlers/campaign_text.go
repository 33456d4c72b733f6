package handlers

// viCampaign and enCampaign are the words of /campaign.
var viCampaign = map[string]string{}

var enCampaign = map[string]string{}
