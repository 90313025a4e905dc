#include "core/text/redact.h"

#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include <algorithm>
#include <set>

#include "core/text/internal/icu.h"

namespace shortlist::text {
namespace {

std::u32string code_points(std::string_view utf8) {
  icu::UnicodeString text = internal::to_unicode(utf8);
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  // Accents typed as combining marks are compared as the letters they make.
  if (U_SUCCESS(status) && !nfc->isNormalized(text, status)) {
    status = U_ZERO_ERROR;
    icu::UnicodeString composed = nfc->normalize(text, status);
    if (U_SUCCESS(status)) text = composed;
  }
  std::u32string out;
  out.reserve(static_cast<std::size_t>(text.length()));
  for (int32_t i = 0; i < text.length(); i = text.moveIndex32(i, 1)) {
    out.push_back(static_cast<char32_t>(text.char32At(i)));
  }
  return out;
}

std::string utf8_of(const std::u32string& text) {
  icu::UnicodeString out;
  for (char32_t c : text) out.append(static_cast<UChar32>(c));
  return internal::to_utf8(out);
}

// One character as texts are compared: lower case (case folded), without
// its accents, any space a space, any dash a hyphen, any apostrophe one.
// One character for one, so that a match's place in the folded text is its
// place in the text.
char32_t fold(char32_t character) {
  auto c = static_cast<UChar32>(character);
  if (u_isUWhiteSpace(c)) return U' ';
  if (u_charType(c) == U_DASH_PUNCTUATION) return U'-';
  if (c == 0x2018 || c == 0x2019 || c == 0x02BC) return U'\'';
  c = u_foldCase(c, U_FOLD_CASE_DEFAULT);
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  icu::UnicodeString parts;
  if (U_SUCCESS(status) && nfd->getDecomposition(c, parts) && parts.length() > 0) {
    // The base letter, when the rest are accents (not, say, a Hangul
    // syllable's jamo).
    bool accents = true;
    for (int32_t i = parts.moveIndex32(0, 1); i < parts.length(); i = parts.moveIndex32(i, 1)) {
      accents = accents && u_charType(parts.char32At(i)) == U_NON_SPACING_MARK;
    }
    if (accents) c = parts.char32At(0);
  }
  return static_cast<char32_t>(c);
}

std::u32string folded(const std::u32string& text) {
  std::u32string out(text.size(), U' ');
  std::transform(text.begin(), text.end(), out.begin(), fold);
  return out;
}

bool is_word_character(char32_t c) {
  const auto type = u_charType(static_cast<UChar32>(c));
  return u_isalnum(static_cast<UChar32>(c)) || type == U_NON_SPACING_MARK ||
         type == U_COMBINING_SPACING_MARK;
}

// Scripts written without spaces between words: a name there is found
// inside a run of letters.
bool without_spaces(char32_t c) {
  UErrorCode status = U_ZERO_ERROR;
  switch (uscript_getScript(static_cast<UChar32>(c), &status)) {
    case USCRIPT_HAN:
    case USCRIPT_HIRAGANA:
    case USCRIPT_KATAKANA:
    case USCRIPT_THAI:
    case USCRIPT_LAO:
    case USCRIPT_KHMER:
    case USCRIPT_MYANMAR:
      return true;
    default:
      return false;
  }
}

std::string folded_utf8(std::string_view word) { return utf8_of(folded(code_points(word))); }

// Little words: left out of acronyms, never distinctive.
const std::set<std::string>& little_words() {
  static const std::set<std::string> words = {
      "a",    "al",  "and", "at",  "au",  "aux", "d",    "da",  "das", "de",  "del", "der",
      "des",  "di",  "die", "do",  "dos", "du",  "e",    "el",  "em",  "en",  "et",  "for",
      "fur",  "i",   "in",  "l",   "la",  "las", "le",   "les", "lo",  "los", "of",  "on",
      "pour", "the", "to",  "und", "von", "y",   "para", "por", "sur", "with"};
  return words;
}

// Words organisations share, in the call's languages, folded: hiding them
// would hide what a proposal is about and not who wrote it.
const std::set<std::string>& shared_words() {
  static const std::set<std::string> words = [] {
    std::set<std::string> out;
    for (const char* word :
         {"africa", "african", "africain", "africaine", "afrique", "agence", "agencia", "agency",
          "agricola", "agricole", "agricultural", "agroalimentaire", "agroalimentaires", "alianza",
          "alliance", "america", "americas", "andean", "appui", "apoyo", "arab", "arabe",
          "artesanas", "artesanos", "artisanes", "artisans", "asia", "asian", "asociacion",
          "asociaciones", "associacao", "association", "associations", "border", "bureau",
          "business", "businesses", "camara", "camaras", "center", "central", "centre", "centro",
          "chamber", "chambers", "chambre", "chambres", "club", "collective", "collectif",
          "colectivo", "comercial", "comerciantes", "comercio", "comision", "comite", "commerce",
          "commercial", "commercants", "commission", "committee", "communaute", "community",
          "comunidad", "confederation", "confederacion", "conseil", "consejo", "cooperativa",
          "cooperative", "cooperatives", "cooperativo", "council", "cross", "desarrollo",
          "developpement", "development", "digital", "digitale", "digitales", "economic",
          "economica", "economico", "economique", "ecommerce", "emprendedoras", "emprendedores",
          "empresarial", "empresariales", "empresarios", "empresas", "enterprise", "enterprises",
          "entrepreneurs", "entrepreneures", "entrepreneuses", "entreprise", "entreprises",
          "export", "exportadores", "exportateurs", "exporters", "fabricantes", "fabricants",
          "federacion", "federation", "femmes", "finance", "financial", "fondation", "fonds",
          "fondo", "forum", "foundation", "fund", "fundacion", "global", "groupe", "groupement",
          "group", "grupo", "importers", "industria", "industrial", "industrie", "industries",
          "industry", "information", "innovation", "institut", "institute", "instituto",
          "internacional", "international", "internationale", "jeunes", "jovenes", "latin",
          "latina", "logistica", "logistics", "logistique", "manufacturers", "marche", "market",
          "markets", "medianas", "medium", "mercado", "micro", "microfinance", "ministere",
          "ministerio", "ministry", "moyennes", "mujeres", "nacional", "national", "nationale",
          "network", "norte", "north", "nord", "oeste", "office", "oficina", "organisation",
          "organization", "organizacion", "ouest", "payments", "pequenas", "pequenos", "petites",
          "plataforma", "plateforme", "platform", "private", "prive", "privado", "producers",
          "producteurs", "productores", "promocion", "promotion", "public", "publico", "regional",
          "regionale", "region", "reseau", "sector", "secteur", "servicios", "service", "services",
          "small", "sociedad", "societe", "society", "solutions", "south", "support",
          "technologies", "technology", "tecnologia", "textile", "textiles", "tourism", "tourisme",
          "trade", "traders", "trading", "transport", "trust", "turismo", "union", "west", "woman",
          "women", "youth",
          // Arabic: chamber, trade, industry, association, union, network,
          // centre, small, medium, national, enterprises, women.
          "غرفة", "تجارة", "التجارة", "صناعة", "الصناعة", "جمعية", "اتحاد", "شبكة", "مركز",
          "الصغيرة", "المتوسطة", "الوطنية", "الوطني", "المؤسسات", "مؤسسة", "النساء"}) {
      out.insert(folded_utf8(word));
    }
    return out;
  }();
  return words;
}

// Parts of e-mail addresses that name a role, a provider or a registry,
// not an organisation.
const std::set<std::string>& shared_address_parts() {
  static const std::set<std::string> parts = {
      "admin",    "aol",         "bonjour",      "com",         "communication", "contact",
      "contacto", "cooperation", "direccion",    "direction",   "director",      "edu",
      "example",  "free",        "general",      "gmail",       "gmx",           "googlemail",
      "gov",      "hello",       "hotmail",      "icloud",      "info",          "int",
      "live",     "mail",        "net",          "noreply",     "office",        "orange",
      "org",      "outlook",     "president",    "presidencia", "project",       "projects",
      "projet",   "projets",     "proton",       "protonmail",  "proyecto",      "proyectos",
      "pymes",    "secretaria",  "secretariado", "secretariat", "secretary",     "support",
      "team",     "webmaster",   "www",          "yahoo",       "yandex"};
  return parts;
}

// Words: runs of letters and digits, an elided "d'" or "l'" cut off.
std::vector<std::u32string> words_of(const std::u32string& text) {
  std::vector<std::u32string> words;
  std::u32string word;
  auto flush = [&] {
    if (!word.empty()) words.push_back(word);
    word.clear();
  };
  for (char32_t c : text) {
    if (is_word_character(c)) {
      word.push_back(c);
    } else {
      flush();
    }
  }
  flush();
  return words;
}

bool is_upper_word(const std::u32string& word) {
  std::size_t letters = 0;
  for (char32_t c : word) {
    if (u_isalpha(static_cast<UChar32>(c))) {
      if (!u_isupper(static_cast<UChar32>(c))) return false;
      ++letters;
    }
  }
  return letters > 0;
}

std::set<std::string> country_names(std::string_view country) {
  std::set<std::string> names;
  if (country.size() != 2) return names;
  const icu::Locale region("", std::string(country).c_str());
  for (const char* language : {"en", "fr", "es", "ar", "pt", "de"}) {
    icu::UnicodeString name;
    region.getDisplayCountry(icu::Locale(language), name);
    for (const std::u32string& word : words_of(code_points(internal::to_utf8(name)))) {
      names.insert(utf8_of(folded(word)));
    }
  }
  return names;
}

std::vector<std::string> split(std::string_view text, std::string_view separators) {
  std::vector<std::string> parts;
  std::string part;
  for (char c : text) {
    if (separators.find(c) != std::string_view::npos) {
      if (!part.empty()) parts.push_back(part);
      part.clear();
    } else {
      part.push_back(c);
    }
  }
  if (!part.empty()) parts.push_back(part);
  return parts;
}

}  // namespace

void Redactor::add(std::u32string folded_form, std::u32string exact, bool capitalised) {
  if (folded_form.size() < 3) return;
  if (!known_.insert({folded_form, exact, capitalised}).second) return;
  terms_.push_back({std::move(folded_form), std::move(exact), capitalised});
  const std::size_t index = terms_.size() - 1;
  std::vector<std::size_t>& bucket = by_first_[terms_[index].folded.front()];
  const auto longer = [this](std::size_t a, std::size_t b) {
    return terms_[a].folded.size() > terms_[b].folded.size();
  };
  bucket.insert(std::upper_bound(bucket.begin(), bucket.end(), index, longer), index);
}

void Redactor::hide(std::string_view name) {
  std::u32string text = code_points(name);
  // Trimmed: surrounding spaces and punctuation are no part of a name.
  while (!text.empty() && !is_word_character(text.back())) text.pop_back();
  const auto first = std::find_if(text.begin(), text.end(), is_word_character);
  text.erase(text.begin(), first);
  add(folded(text), {});
}

void Redactor::hide_exactly(std::string_view acronym) {
  const std::u32string text = code_points(acronym);
  add(folded(text), text);
}

void Redactor::hide_applicant(std::string_view name, std::string_view email,
                              std::string_view country) {
  hide(name);
  // The name without what it writes in parentheses, and each part of it
  // between commas or dashes that has a word of its own.
  const std::string whole(name);
  if (const std::size_t open = whole.find('('); open != std::string::npos) {
    hide(whole.substr(0, open));
  }
  const std::vector<std::string> distinctive = distinctive_words(name, country);
  for (const std::string& part : split(whole, ",;:()[]")) {
    for (const std::string& word : distinctive) {
      if (folded_utf8(part).find(folded_utf8(word)) != std::string::npos) {
        hide(part);
        break;
      }
    }
  }
  for (const std::string& acronym : acronyms_of(name)) hide_exactly(acronym);
  for (const std::string& word : distinctive) add(folded(code_points(word)), {}, true);

  // The e-mail's domain, and the parts of the address that name someone:
  // "fipmea@example.org", "projects@kisumu-chamber.example.org".
  const std::size_t at = email.find('@');
  if (at == std::string_view::npos) return;
  const std::string_view local = email.substr(0, at), domain = email.substr(at + 1);
  const std::set<std::string> countries = country_names(country);
  auto names_someone = [&](const std::string& part) {
    const std::string key = folded_utf8(part);
    return part.size() >= 3 && !shared_address_parts().count(key) && !shared_words().count(key) &&
           !little_words().count(key) && !countries.count(key);
  };
  auto hide_part = [&](const std::string& part) {
    if (names_someone(part)) hide(part);
  };
  // The domain is hidden whole when a label of it names someone (not a
  // provider's, a registry's or "example.org"); the top-level domain and a
  // short second level ("co.ke") never do.
  const std::vector<std::string> labels = split(domain, ".");
  bool named = false;
  for (std::size_t i = 0; i + 1 < labels.size(); ++i) {
    if (labels.size() > 2 && i + 2 == labels.size() && labels[i].size() <= 3) continue;
    if (!names_someone(labels[i])) continue;
    named = true;
    hide(labels[i]);
    for (const std::string& piece : split(labels[i], "-_")) hide_part(piece);
  }
  if (named) hide(domain);
  for (const std::string& piece : split(local, "._-+")) hide_part(piece);
}

std::string Redactor::redact(std::string_view utf8, std::string_view placeholder) const {
  if (terms_.empty()) return std::string(utf8);
  const std::u32string text = code_points(utf8);
  const std::u32string compared = folded(text);
  const std::u32string replacement = code_points(placeholder);
  std::u32string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    std::size_t matched = 0;
    const auto bucket = by_first_.find(compared[i]);
    const bool starts_word = i == 0 || !is_word_character(text[i - 1]);
    if (bucket != by_first_.end()) {
      for (std::size_t index : bucket->second) {
        const Term& term = terms_[index];
        const std::size_t n = term.folded.size();
        if (i + n > text.size()) continue;
        if (!starts_word && !without_spaces(text[i])) continue;
        const bool same = term.exact.empty() ? compared.compare(i, n, term.folded) == 0
                                             : text.compare(i, n, term.exact) == 0;
        if (!same) continue;
        const auto first = static_cast<UChar32>(text[i]);
        if (term.capitalised && u_hasBinaryProperty(first, UCHAR_CASED) && !u_isupper(first) &&
            !u_istitle(first)) {
          continue;
        }
        const bool ends_word = i + n == text.size() || !is_word_character(text[i + n]) ||
                               without_spaces(text[i + n - 1]);
        if (!ends_word) continue;
        matched = n;
        break;  // the longest, as the bucket is ordered
      }
    }
    if (matched > 0) {
      out += replacement;
      i += matched;
    } else {
      out.push_back(text[i]);
      ++i;
    }
  }
  return utf8_of(out);
}

std::vector<std::string> acronyms_of(std::string_view name) {
  std::vector<std::string> out;
  auto keep = [&out](const std::u32string& acronym) {
    std::size_t letters = 0;
    for (char32_t c : acronym) letters += u_isalpha(static_cast<UChar32>(c)) ? 1 : 0;
    const std::string text = utf8_of(acronym);
    if (letters >= 3 && std::find(out.begin(), out.end(), text) == out.end()) {
      out.push_back(text);
    }
  };
  // Written in capitals in the name: "(AFESOR)", "ACME Traders".
  for (const std::u32string& word : words_of(code_points(name))) {
    if (word.size() >= 3 && is_upper_word(word)) keep(word);
  }
  // The initials of the name but what it writes in parentheses.
  std::string bare;
  int depth = 0;
  for (char c : name) {
    depth += c == '(' ? 1 : c == ')' ? -1 : 0;
    if (depth == 0 && c != ')') bare.push_back(c);
  }
  const std::vector<std::u32string> words = words_of(code_points(bare));
  // Initials of the words but the little ones, of the words written with
  // a capital (as most acronyms are made: "Red de Artesanas Textiles del
  // Sur Andino", RATSA), and of all of them.
  std::u32string all, significant, capitals;
  for (const std::u32string& word : words) {
    const auto first = static_cast<UChar32>(word.front());
    if (!u_isalpha(first)) continue;
    const auto initial = static_cast<char32_t>(u_toupper(first));
    all.push_back(initial);
    if (little_words().count(utf8_of(folded(word))) == 0) significant.push_back(initial);
    if (u_isupper(first) || u_istitle(first)) capitals.push_back(initial);
  }
  if (words.size() >= 2) {
    keep(significant);
    keep(capitals);
    keep(all);
  }
  return out;
}

std::vector<std::string> distinctive_words(std::string_view name, std::string_view country) {
  const std::set<std::string> countries = country_names(country);
  std::vector<std::string> out;
  for (const std::u32string& word : words_of(code_points(name))) {
    const std::string key = utf8_of(folded(word));
    if (word.size() < 4 || little_words().count(key) || shared_words().count(key) ||
        countries.count(key) || is_upper_word(word)) {
      continue;
    }
    if (std::all_of(word.begin(), word.end(),
                    [](char32_t c) { return u_isdigit(static_cast<UChar32>(c)); })) {
      continue;
    }
    const std::string text = utf8_of(word);
    if (std::find(out.begin(), out.end(), text) == out.end()) out.push_back(text);
  }
  return out;
}

std::string redact(std::string_view utf8, const std::vector<std::string>& names, std::string_view,
                   std::string_view placeholder) {
  Redactor redactor;
  for (const std::string& name : names) redactor.hide(name);
  return redactor.redact(utf8, placeholder);
}

}  // namespace shortlist::text
