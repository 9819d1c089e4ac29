/*
 * Progressive enhancement only: every page works without this file.
 * No inline scripts anywhere (Content-Security-Policy: script-src 'self').
 */
(function () {
  "use strict";
  document.documentElement.classList.remove("no-js");
  document.documentElement.classList.add("js");

  // Error summary (components/error_summary.html): a form came back with errors. The focus
  // moves to the summary, so it is in view and screen readers announce it; its links move
  // the focus to the field and show the field's label too. Without this script, forms far
  // down a page post to "#error-summary": the browser scrolls there and focuses it.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) return;
      var input = document.getElementById(link.getAttribute("href").slice(1));
      if (!input) return;
      event.preventDefault();
      var group = input.closest("fieldset, .form-field");
      var label = group && group.querySelector("legend, label");
      (label || input).scrollIntoView();
      input.focus({ preventScroll: true });
    });
  }

  // The header's menu (components/header.html) is a <details>: it opens and closes without
  // this script. On wide screens it is always open (the stylesheet shows it anyway; opening
  // it keeps browsers without ::details-content right); on narrow screens it starts closed,
  // and Escape closes it and returns the focus to the "Menü" button.
  var menu = document.querySelector("[data-site-menu]");
  if (menu && window.matchMedia) {
    var wide = window.matchMedia("(min-width: 72rem)");
    var fitMenu = function () {
      menu.open = wide.matches;
    };
    fitMenu();
    if (wide.addEventListener) {
      wide.addEventListener("change", fitMenu);
    }
    menu.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !event.defaultPrevented && menu.open && !wide.matches) {
        menu.open = false;
        menu.querySelector("summary").focus();
      }
    });
  }

  // Two-click video embeds: the provider's player is created only when the reader asks.
  function loadVideo(button) {
    var container = button.closest(".video-embed");
    if (!container) return;
    var frame = document.createElement("iframe");
    frame.src = container.getAttribute("data-player-url");
    frame.title = container.getAttribute("data-video-title") || "";
    frame.allow = "fullscreen; picture-in-picture";
    frame.setAttribute("allowfullscreen", "");
    frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    var wrapper = document.createElement("div");
    wrapper.className = "video-embed__frame";
    wrapper.appendChild(frame);
    var placeholder = container.querySelector(".video-embed__placeholder");
    placeholder.replaceWith(wrapper);
    frame.focus();
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest(".video-embed__button");
    if (button) {
      event.preventDefault();
      loadVideo(button);
    }
  });

  // Suggestions for the search box (ARIA combobox with a listbox). Without this script the
  // box is a plain search form; the suggestions come from the portal, never a third party.
  function setUpSuggestions(input) {
    var url = input.getAttribute("data-suggest-url");
    if (!url || !window.fetch) return;
    var listId = input.id + "-suggestions";
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "search-suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", input.getAttribute("data-suggest-label") || "");
    list.hidden = true;
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    input.parentNode.insertBefore(list, input.nextSibling);
    input.parentNode.appendChild(status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);

    var items = [];
    var active = -1;
    // Typing waits DEBOUNCE_MS after the last key before asking the portal (one request per
    // pause, not per letter); typing on, Escape or leaving the box aborts the request still
    // on its way, so only the answer to the text in the box is ever shown.
    var DEBOUNCE_MS = 200;
    var timer = null;
    var latest = 0;
    var pending = null;

    function cancelPending() {
      window.clearTimeout(timer);
      latest += 1; // an answer still on its way is ignored
      if (pending) {
        pending.abort();
        pending = null;
      }
    }

    function close() {
      list.hidden = true;
      list.textContent = "";
      items = [];
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function highlight(index) {
      items.forEach(function (item, position) {
        item.element.setAttribute("aria-selected", position === index ? "true" : "false");
      });
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", items[index].element.id);
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function show(suggestions) {
      close();
      if (!suggestions.length) {
        status.textContent = input.getAttribute("data-suggest-none") || "";
        return;
      }
      suggestions.forEach(function (suggestion, index) {
        var option = document.createElement("li");
        option.id = listId + "-" + index;
        option.className = "search-suggestions__option";
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        var label = document.createElement("span");
        label.textContent = suggestion.label;
        var kind = document.createElement("span");
        kind.className = "search-suggestions__type";
        kind.textContent = suggestion.type;
        option.appendChild(label);
        option.appendChild(document.createTextNode(" "));
        option.appendChild(kind);
        option.addEventListener("mousedown", function (event) {
          event.preventDefault(); // keep the focus in the box
          window.location.assign(suggestion.url);
        });
        list.appendChild(option);
        items.push({ element: option, url: suggestion.url });
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      var text = input.getAttribute("data-suggest-count") || "{count}";
      status.textContent = text.replace("{count}", String(suggestions.length));
    }

    function fetchSuggestions() {
      var text = input.value.trim();
      if (text.length < 2) {
        close();
        return;
      }
      var request = ++latest;
      var controller = window.AbortController ? new window.AbortController() : null;
      pending = controller;
      fetch(url + "?q=" + encodeURIComponent(text), {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        signal: controller ? controller.signal : undefined,
      })
        .then(function (response) {
          return response.ok ? response.json() : { suggestions: [] };
        })
        .then(function (data) {
          if (request !== latest) return; // the text changed meanwhile
          pending = null;
          if (document.activeElement === input) {
            show(data.suggestions || []);
          }
        })
        .catch(function () {
          if (request !== latest) return; // aborted or outdated
          pending = null;
          close(); // the plain search still works
        });
    }

    input.addEventListener("input", function () {
      cancelPending(); // what is on its way answers text that has changed
      timer = window.setTimeout(fetchSuggestions, DEBOUNCE_MS);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape") cancelPending();
      if (list.hidden || !items.length) return;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        highlight((active + 1) % items.length);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        highlight(active <= 0 ? items.length - 1 : active - 1);
      } else if (event.key === "Escape") {
        event.preventDefault();
        close();
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        window.location.assign(items[active].url);
      }
    });
    input.addEventListener("blur", function () {
      cancelPending();
      window.setTimeout(close, 150);
    });
  }

  Array.prototype.forEach.call(
    document.querySelectorAll("input[data-suggest-url]"),
    setUpSuggestions
  );
})();
