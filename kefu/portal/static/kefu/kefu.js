// Kefu: small progressive enhancements. Every page works without this file.
(function () {
  "use strict";

  // Copy button: <button data-copy="#input-id" data-copied="Copied">
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) return;
    var input = document.querySelector(button.getAttribute("data-copy"));
    if (!input) return;
    input.select();
    var done = function () {
      var label = button.textContent;
      button.textContent = button.getAttribute("data-copied") || "OK";
      setTimeout(function () { button.textContent = label; }, 2000);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(input.value).then(done, function () { document.execCommand("copy"); done(); });
    } else {
      document.execCommand("copy");
      done();
    }
  });

  // "It is a transaction hash": move a 64-hex string from the text into the first free chain row.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-move-hex]");
    if (!button) return;
    var body = document.querySelector("textarea[name=body]");
    var start = parseInt(button.getAttribute("data-start"), 10);
    var end = parseInt(button.getAttribute("data-end"), 10);
    if (!body || isNaN(start) || isNaN(end)) return;
    var hex = body.value.slice(start, end);
    var rows = document.querySelectorAll("[data-chain-ref]");
    for (var i = 0; i < rows.length; i++) {
      var value = rows[i].querySelector("input[name$='-value']");
      if (value && !value.value.trim()) {
        var more = rows[i].closest("details");
        if (more) more.open = true;
        value.value = hex;
        var kind = rows[i].querySelector("select[name$='-ref_kind']");
        if (kind) kind.value = "txid";
        body.value = (body.value.slice(0, start) + body.value.slice(end)).replace(/[ \t]{2,}/g, " ");
        body.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
        var chain = rows[i].querySelector("select[name$='-chain']");
        (chain && !chain.value ? chain : value).focus();
        rows[i].scrollIntoView({ block: "center" });
        return;
      }
    }
  });

  // Canned responses: <select data-macro-target="#id"> whose options carry data-body.
  document.addEventListener("change", function (event) {
    var select = event.target.closest("select[data-macro-target]");
    if (!select) return;
    var option = select.options[select.selectedIndex];
    var area = document.querySelector(select.getAttribute("data-macro-target"));
    if (!area || !option || !option.getAttribute("data-body")) return;
    area.value = area.value ? area.value.replace(/\s*$/, "\n\n") + option.getAttribute("data-body") : option.getAttribute("data-body");
    area.focus();
    area.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
    select.selectedIndex = 0;
  });
})();
