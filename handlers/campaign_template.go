package handlers

import "github.com/chungsuc/chungsuc/storage"

// campaignTemplate is a ready campaign a coordinator can start from in two
// taps: its words are those of the movement it comes from, in Vietnamese
// whatever the coordinator's language, as the ward would post them.
type campaignTemplate struct {
	key      string
	title    string
	slogan   string
	days     int // how long it runs from the day it starts
	tasks    []string
	criteria []storage.Criterion
	// vaccinePoints is what vaccination scores (Campaign.VaccinePoints).
	vaccinePoints int
	// practices are good practices of the movement it comes from, added
	// to the unit's as examples when it is launched.
	practices []storage.Practice
}

// template2021 is the campaign launched in 2021, "Toàn dân đoàn kết, chung
// sức thi đua phòng, chống và chiến thắng đại dịch Covid-19": its tasks
// follow the eight focal tasks set for the movement (the people's own
// discipline, the daily health watch, vaccination, mutual help and social
// security, support for the front line, order and green zones, and
// spreading good examples), and its criteria are the good deeds residents
// report, scored by how much they ask of a person.
var template2021 = campaignTemplate{
	key:    "covid2021",
	title:  "Toàn dân đoàn kết, chung sức thi đua phòng, chống và chiến thắng đại dịch Covid-19",
	slogan: "Mỗi người dân là một chiến sĩ, mỗi gia đình là một pháo đài chống dịch",
	days:   90,
	tasks: []string{
		"Tự giác thực hiện nghiêm các quy định phòng, chống dịch, nhất là giãn cách xã hội và thông điệp 5K.",
		"Khai báo sức khỏe hằng ngày; báo ngay khi có triệu chứng để kịp thời truy vết, bóc tách F0.",
		"Tham gia tiêm vắc xin Covid-19 đầy đủ, an toàn khi đến lượt.",
		"Phát huy truyền thống “tương thân, tương ái”, “lá lành đùm lá rách”, giúp nhau vượt qua khó khăn.",
		"Chăm lo an sinh xã hội, đời sống và sức khỏe bà con, nhất là người già, người neo đơn, hộ khó khăn.",
		"Tiếp sức lực lượng tuyến đầu chống dịch; ủng hộ vật chất, trang thiết bị cần thiết.",
		"Giữ vững an ninh, trật tự, an toàn xã hội; giữ địa bàn là “vùng xanh”.",
		"Phát hiện, biểu dương và nhân rộng gương người tốt, việc tốt, cách làm hay.",
	},
	criteria: []storage.Criterion{
		{Label: "Giúp đỡ bà con khó khăn", Points: 3},
		{Label: "Tiếp sức lực lượng tuyến đầu", Points: 3},
		{Label: "Ủng hộ vật chất, trang thiết bị phòng, chống dịch", Points: 2},
		{Label: "Gương mẫu chấp hành quy định phòng, chống dịch", Points: 1},
		{Label: "Sáng kiến, cách làm hay", Points: 4},
	},
	// "tổ chức thần tốc chiến dịch tiêm vắc xin diện rộng": a unit's share
	// of people with two doses counts for up to 20 points.
	vaccinePoints: 20,
	// The practices the 2021 reports name as worth spreading ("nhân
	// rộng"), in the words of a ward office; examples, not the unit's own.
	practices: []storage.Practice{
		{Title: "Phong tỏa, cách ly “3 lớp”",
			What: "Khoanh vùng nơi có ca bệnh bằng ba vòng: vòng trong quanh nơi ở của người mắc, vòng giữa quanh khu dân cư, vòng ngoài kiểm soát người và xe ra vào; mỗi vòng có lực lượng trực và quy định riêng.",
			How:  "Tổ dân phố cùng công an, y tế phường lập chốt ở vòng ngoài; tổ Covid cộng đồng đi chợ hộ, chuyển đồ tiếp tế đến vòng giữa; người ở vòng trong không ra ngoài cho đến khi được dỡ phong tỏa."},
		{Title: "“4 tại chỗ”",
			What: "Chỉ huy tại chỗ, lực lượng tại chỗ, phương tiện tại chỗ, hậu cần tại chỗ: mỗi tổ dân phố tự lo được việc phòng, chống dịch của mình mà không chờ cấp trên.",
			How:  "Phân công người chỉ huy và lực lượng của tổ, lập danh sách phương tiện và nguồn hậu cần sẵn có (xe, loa, nhà văn hóa, nhà hảo tâm), diễn tập để khi có ca bệnh là làm được ngay."},
		{Title: "Siêu thị 0 đồng",
			What: "Gian hàng miễn phí rau, gạo, trứng và nhu yếu phẩm cho người lao động, hộ khó khăn bị ảnh hưởng bởi dịch.",
			How:  "Vận động nhà hảo tâm và bà con góp hàng; phát theo phiếu để mỗi hộ nhận vừa đủ, giữ khoảng cách khi nhận; công khai số hàng nhận và đã phát."},
		{Title: "Túi an sinh",
			What: "Túi quà gồm gạo, mì, dầu ăn, rau củ trao tận nhà cho người già neo đơn, hộ khó khăn và gia đình đang cách ly.",
			How:  "Tổ dân phố lập danh sách hộ cần giúp, nhận ủng hộ của đoàn thể và nhà hảo tâm, tổ Covid cộng đồng đóng túi và trao tận cửa."},
	},
}

// campaignTemplates are the templates offered, by key.
var campaignTemplates = map[string]campaignTemplate{template2021.key: template2021}

// addExamples adds the template's practices to unit unitID as examples,
// unless the unit has some already (a campaign launched again).
func (t campaignTemplate) addExamples(tx *storage.Tx, unitID int64) error {
	if len(t.practices) == 0 {
		return nil
	}
	have, err := tx.PracticesIn(storage.Scope{Units: []int64{unitID}}, 100)
	if err != nil {
		return err
	}
	for _, p := range have {
		if p.Example && p.UnitID == unitID {
			return nil
		}
	}
	for _, p := range t.practices {
		p.UnitID, p.Example = unitID, true
		if _, err := tx.CreatePractice(p); err != nil {
			return err
		}
	}
	return nil
}

// campaign is the template as a campaign of unitID starting on day start
// (YYYY-MM-DD) and ending on end.
func (t campaignTemplate) campaign(unitID, by int64, start, end string) storage.Campaign {
	return storage.Campaign{UnitID: unitID, Title: t.title, Slogan: t.slogan, Starts: start, Ends: end,
		Template: t.key, CreatedBy: by, Tasks: append([]string(nil), t.tasks...),
		Criteria: append([]storage.Criterion(nil), t.criteria...), VaccinePoints: t.vaccinePoints}
}
