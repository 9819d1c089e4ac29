/*
 * Comments: progressive enhancement only. Without this file, "Antworten" links reload the
 * page with ?reply_to=<id> and the form below the thread answers that comment.
 * With it, the form moves under the comment being answered and back again.
 */
(function () {
  "use strict";
  var container = document.getElementById("comment-form");
  if (!container) return;
  var form = container.querySelector("form");
  var field = form && form.querySelector("input[name='reply_to']");
  if (!field) return;
  var home = container.parentNode;
  var homeNext = container.nextSibling;
  var heading = container.querySelector("h3");
  var newHeading = container.getAttribute("data-text-new") || heading.textContent;
  var note = document.createElement("p");
  note.className = "comment-form__reply-note";
  var noteText = document.createElement("span");
  var cancel = document.createElement("button");
  cancel.type = "button";
  cancel.className = "button button--secondary button--small";
  cancel.textContent = container.getAttribute("data-text-cancel");
  note.appendChild(noteText);
  note.appendChild(document.createTextNode(" "));
  note.appendChild(cancel);

  function removeServerNote() {
    var serverNote = container.querySelector("[data-reply-note]");
    if (serverNote) serverNote.parentNode.removeChild(serverNote);
  }

  function reset() {
    field.value = "";
    heading.textContent = newHeading;
    removeServerNote();
    if (note.parentNode) note.parentNode.removeChild(note);
    home.insertBefore(container, homeNext);
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-reply-to]");
    if (!link) return;
    event.preventDefault();
    var item = link.closest(".comment-list__item");
    field.value = link.getAttribute("data-reply-to");
    heading.textContent = link.textContent.trim();
    noteText.textContent = container
      .getAttribute("data-text-replying")
      .replace("{name}", link.getAttribute("data-reply-name"));
    removeServerNote();
    container.insertBefore(note, form);
    item.appendChild(container);
    var textarea = form.querySelector("textarea");
    if (textarea) textarea.focus();
  });

  cancel.addEventListener("click", function () {
    reset();
    heading.focus();
  });
  heading.setAttribute("tabindex", "-1");
})();
