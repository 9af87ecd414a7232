// Console keyboard: j/k move in the queue, Enter opens, r focuses the reply, / focuses search.
(function () {
  "use strict";
  var current = -1;
  function rows() { return Array.prototype.slice.call(document.querySelectorAll("tr[data-row]")); }
  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }
  function move(step) {
    var list = rows();
    if (!list.length) return;
    if (current >= 0 && list[current]) list[current].classList.remove("current");
    current = Math.max(0, Math.min(list.length - 1, current + step));
    list[current].classList.add("current");
    var link = list[current].querySelector("a");
    if (link) link.focus();
  }
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    var target;
    if (event.key === "j") { move(1); event.preventDefault(); }
    else if (event.key === "k") { move(-1); event.preventDefault(); }
    else if (event.key === "/") { target = document.querySelector("[data-key-search]"); }
    else if (event.key === "r") { target = document.querySelector("[data-key-reply]"); }
    if (target) { event.preventDefault(); target.focus(); }
  });
})();
