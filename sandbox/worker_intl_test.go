package sandbox

import "testing"

func TestGlobalsIntl(t *testing.T) {
	jsEqual(t, `
		const d = new Date(Date.UTC(2026, 11, 3, 14, 5, 9));
		return [
			(1234.5).toLocaleString("en-US", { style: "currency", currency: "USD" }),
			(1234.5).toLocaleString("de-DE", { style: "currency", currency: "EUR" }),
			new Intl.NumberFormat("ja-JP", { style: "currency", currency: "JPY" }).format(1234.5),
			new Intl.NumberFormat("en-US", { style: "currency", currency: "EUR", currencyDisplay: "code" }).format(-5),
			new Intl.NumberFormat("en-US", { style: "percent" }).format(0.256),
			new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 }).format(1234567.891),
			(1234.5).toLocaleString(), (1234.5).toLocaleString("de-DE"),
			new Intl.PluralRules("en-US").select(1), new Intl.PluralRules("en-US").select(2), new Intl.PluralRules("en-US", { type: "ordinal" }).select(22),
			new Intl.PluralRules("pl").select(5), new Intl.PluralRules("pl").select(3),
			["b", "a", "ä", "Z"].sort(new Intl.Collator("de").compare).join(""),
			["item10", "item9"].sort(new Intl.Collator("en", { numeric: true }).compare).join(","),
			new Intl.Collator("en", { sensitivity: "base" }).compare("a", "A"),
			d.toLocaleDateString("en-US", { timeZone: "UTC" }),
			d.toLocaleString("en-US", { timeZone: "UTC" }),
			new Intl.DateTimeFormat("en-US", { timeZone: "UTC", year: "numeric", month: "long", day: "numeric" }).format(d),
			new Intl.DateTimeFormat("de-DE", { timeZone: "UTC" }).format(d),
			new Intl.DateTimeFormat("en-GB", { timeZone: "UTC" }).format(d),
		].concat([() => (1).toLocaleString("en", { style: "currency" }), () => (1).toLocaleString("en", { style: "currency", currency: "US" }), () => new Intl.NumberFormat("!!")]
			.map((f) => { try { f(); return "ran"; } catch (e) { return e.name; } }));`,
		`["$1,234.50","1.234,50`+"\u00a0"+`€","￥1,235","-EUR`+"\u00a0"+`5.00","26%","1,234,567.9","1,234.5","1.234,5","one","other","two","many","few","aäbZ","item9,item10",0,"12/3/2026","12/3/2026, 2:05:09 PM","December 3, 2026","3.12.2026","03/12/2026","TypeError","RangeError","RangeError"]`)
}
