package handlers_test

import "testing"

// TestJoining: a newcomer finds their residential group by going down the
// tree, by a deep link, or by typing its name, on every messenger.
func TestJoining(t *testing.T) {
	newcomer := []actor{{name: "Lan"}}
	runJourneys(t, []journey{
		{
			label: "by /start, choosing each level",
			cast:  newcomer,
			steps: []step{
				{who: "Lan", do: says("/start"), reads: []string{"Chung Sức xin chào Lan", "Bạn sinh sống ở đâu?"},
					offers: []string{"Thành phố Hà Nội", "Tỉnh Quảng Ninh"}},
				{who: "Lan", do: presses("Thành phố Hà Nội"), reads: []string{"📍 Thành phố Hà Nội"},
					offers: []string{"Phường Tương Mai", "⬅ Quay lại"}},
				{who: "Lan", do: presses("Phường Tương Mai"), reads: []string{"📍 Phường Tương Mai, Thành phố Hà Nội"},
					offers: []string{"Tổ dân phố 1", "Tổ dân phố 5"}},
				{who: "Lan", do: presses("Tổ dân phố 3"), reads: []string{"Bạn sinh sống tại đây, đúng không?", "Tổ dân phố 3"},
					offers: []string{"✅ Đúng, tôi tham gia", "↩️ Chọn nơi khác"}},
				{who: "Lan", do: presses("✅"),
					reads: []string{"Chào mừng bạn đã tham gia phong trào tại Tổ dân phố 3, Phường Tương Mai"}},
			},
			after: livesIn("Lan", "HN-TM-T03"),
		},
		{
			label: "Back goes up a level",
			cast:  newcomer,
			steps: []step{
				{who: "Lan", do: says("/batdau"), offers: []string{"Thành phố Hà Nội"}},
				{who: "Lan", do: presses("Thành phố Hà Nội"), offers: []string{"⬅ Quay lại"}},
				{who: "Lan", do: presses("⬅ Quay lại"), offers: []string{"Tỉnh Quảng Ninh"}},
				{who: "Lan", do: presses("Tỉnh Quảng Ninh"), reads: []string{"📍 Tỉnh Quảng Ninh"}},
			},
			after: livesIn("Lan", ""),
		},
		{
			label: "by a deep link /start g_<code>",
			cast:  newcomer,
			steps: []step{
				{who: "Lan", do: says("/start g_HN-HL-T02"),
					reads:  []string{"Bạn sinh sống tại đây, đúng không?", "Tổ dân phố 2", "Phường Hoàng Liệt"},
					offers: []string{"✅ Đúng, tôi tham gia"}},
				{who: "Lan", do: presses("✅"), reads: []string{"đã tham gia phong trào tại Tổ dân phố 2, Phường Hoàng Liệt"}},
			},
			after: livesIn("Lan", "HN-HL-T02"),
		},
		{
			label: "a deep link to a ward opens the ward's groups",
			cast:  newcomer,
			steps: []step{
				{who: "Lan", do: says("/start g_HN-TM"), reads: []string{"📍 Phường Tương Mai"}, offers: []string{"Tổ dân phố 4"}},
				{who: "Lan", do: presses("Tổ dân phố 4"), offers: []string{"✅"}},
				{who: "Lan", do: presses("✅"), reads: []string{"Tổ dân phố 4, Phường Tương Mai"}},
			},
			after: livesIn("Lan", "HN-TM-T04"),
		},
		{
			label: "a deep link with an unknown code says so and offers the list",
			cast:  newcomer,
			steps: []step{
				{who: "Lan", do: says("/start g_NOPE"), reads: []string{"Không tìm thấy đơn vị có mã “NOPE”", "Bạn sinh sống ở đâu?"},
					offers: []string{"Thành phố Hà Nội"}},
			},
			after: livesIn("Lan", ""),
		},
		{
			label: "typing a name without diacritics finds the unit",
			cast:  newcomer,
			steps: []step{
				{who: "Lan", do: says("/start"), reads: []string{"gõ một phần tên để tìm"}},
				{who: "Lan", do: says("TUONG mai"), reads: []string{"Kết quả tìm"}, offers: []string{"Phường Tương Mai"}},
				{who: "Lan", do: presses("Phường Tương Mai"), offers: []string{"Tổ dân phố 1"}},
				{who: "Lan", do: presses("Tổ dân phố 1"), offers: []string{"✅"}},
				{who: "Lan", do: presses("✅"), reads: []string{"đã tham gia phong trào tại Tổ dân phố 1, Phường Tương Mai"}},
			},
			after: livesIn("Lan", "HN-TM-T01"),
		},
		{
			label: "an English speaker is answered in English",
			cast:  []actor{{name: "Emma", lang: "en"}},
			steps: []step{
				{who: "Emma", do: says("/start"), reads: []string{"Welcome to Chung Sức, Emma", "Where do you live?"},
					offers: []string{"Thành phố Hà Nội"}},
			},
		},
		{
			label: "someone who has not joined is offered to join",
			cast:  newcomer,
			steps: []step{
				{who: "Lan", do: says("/checkin"), reads: []string{"Bạn cần chọn nơi sinh sống trước"},
					offers: []string{"🏠 Chọn nơi sinh sống"}},
				{who: "Lan", do: says("/hotro"), reads: []string{"Bạn cần chọn nơi sinh sống trước"},
					offers: []string{"🏠 Chọn nơi sinh sống"}},
				{who: "Lan", do: says("/report"), reads: []string{"chọn nơi sinh sống trước"},
					offers: []string{"🏠 Chọn nơi sinh sống"}},
				{who: "Lan", do: presses("🏠 Chọn nơi sinh sống"), reads: []string{"Bạn sinh sống ở đâu?"}},
			},
		},
	})
}
