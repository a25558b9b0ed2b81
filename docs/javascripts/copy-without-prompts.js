// The copy button on a ">>>" example copies the code a reader would type:
// the lines after ">>> " and "... ", without the prompts and without the
// output. Material for MkDocs copies a button's data-clipboard-text when it
// has one, so this sets it just before the theme's own click handler runs.
function codeToCopy(text) {
  const lines = text.split("\n");
  const typed = lines.filter((line) => /^(>>>|\.\.\.)( |$)/.test(line));
  if (typed.length === 0) {
    return text;
  }
  return typed.map((line) => line.slice(4)).join("\n") + "\n";
}

if (typeof document !== "undefined") {
  document.addEventListener(
    "click",
    (event) => {
      const button = event.target.closest && event.target.closest(".md-clipboard");
      if (!button) {
        return;
      }
      const target = document.querySelector(button.getAttribute("data-clipboard-target"));
      // Pygments marks ">>> " and "... " prompts as .gp: only those blocks change.
      if (target && target.querySelector(".gp")) {
        button.setAttribute("data-clipboard-text", codeToCopy(target.textContent));
      }
    },
    true,
  );
}

if (typeof module !== "undefined") {
  module.exports = { codeToCopy };
}
