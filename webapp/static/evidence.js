/* Evidence Index: small progressive enhancements. Every page works without this file.
   - copy buttons (data-copy-target)
   - "Cite this quote" for a selection inside one paragraph of a document
   - upload progress, one file at a time, with a result per file
   - the draft check's "Add to draft": one click adds the quotation and the report stays */
(function () {
  "use strict";

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  function announce(el, text) {
    el.textContent = text;
  }

  /* -- copy buttons ----------------------------------------------------------------- */
  function copyText(text, button) {
    var done = function () {
      var old = button.textContent;
      button.textContent = "Copied";
      setTimeout(function () { button.textContent = old; }, 1500);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { fallbackCopy(text); done(); });
    } else {
      fallbackCopy(text);
      done();
    }
  }

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "offscreen";
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); } catch (e) { /* the text stays selectable on the page */ }
    document.body.removeChild(area);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-copy-target]") : null;
    if (!button) { return; }
    var target = document.getElementById(button.getAttribute("data-copy-target"));
    if (target) { copyText(target.innerText, button); }
  });

  /* -- cite a selection ---------------------------------------------------------------- */
  function paragraphOf(node) {
    while (node && node.nodeType !== 1) { node = node.parentNode; }
    return node && node.closest ? node.closest(".para") : null;
  }

  function setupSelectionCite() {
    var panel = document.getElementById("cite-panel");
    if (!panel) { return; }
    var bar = document.createElement("div");
    bar.className = "selection-bar";
    bar.hidden = true;
    bar.innerHTML = '<label for="sel-style">Style</label> <select id="sel-style">' +
      '<option value="chicago">Chicago</option><option value="apa">APA</option>' +
      '<option value="mla">MLA</option><option value="bluebook">Bluebook</option></select> ' +
      '<button type="button" id="cite-selection">Cite this quote</button>';
    document.body.appendChild(bar);
    var pending = null;

    document.addEventListener("selectionchange", function () {
      var sel = window.getSelection();
      if (!sel || sel.isCollapsed || !sel.rangeCount) {
        if (!bar.contains(document.activeElement)) { bar.hidden = true; }
        return;
      }
      var a = paragraphOf(sel.anchorNode), b = paragraphOf(sel.focusNode);
      var text = sel.toString().trim();
      if (a && a === b && text) {
        pending = { ref: a.getAttribute("data-ref"), quote: text };
        bar.hidden = false;
      } else if (!bar.contains(document.activeElement)) {
        pending = null;
        bar.hidden = true;
      }
    });

    bar.querySelector("#cite-selection").addEventListener("click", function () {
      if (!pending) { return; }
      var style = bar.querySelector("#sel-style").value;
      var wanted = pending;
      fetch("/api/cite", {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken(), "Accept": "application/json" },
        body: JSON.stringify({ ref: wanted.ref, quote: wanted.quote, style: style })
      }).then(function (resp) {
        return resp.json().then(function (body) { return { ok: resp.ok, body: body }; });
      }).then(function (answer) {
        showCitation(panel, wanted, answer);
        bar.hidden = true;
      }).catch(function () {
        panel.hidden = false;
        announce(panel, "The citation could not be fetched. Use the paragraph's Cite link instead.");
      });
    });
  }

  function showCitation(panel, wanted, answer) {
    panel.hidden = false;
    panel.textContent = "";
    var heading = document.createElement("h3");
    heading.textContent = answer.ok ? "Citation (" + answer.body.style_label + ")" : "Cannot cite this selection";
    panel.appendChild(heading);
    var text = document.createElement("p");
    text.id = "cite-panel-text";
    text.className = "citation-text";
    text.textContent = answer.ok ? answer.body.text : answer.body.error;
    panel.appendChild(text);
    if (!answer.ok) { return; }
    var copy = document.createElement("button");
    copy.type = "button";
    copy.setAttribute("data-copy-target", "cite-panel-text");
    copy.textContent = "Copy citation";
    panel.appendChild(copy);
    var params = "ref=" + encodeURIComponent(answer.body.ref) + "&quote=" + encodeURIComponent(answer.body.quote);
    var add = document.createElement("a");
    add.href = "/drafts/add?" + params;
    add.className = "button";
    add.textContent = "Add to draft";
    panel.appendChild(document.createTextNode(" "));
    panel.appendChild(add);
    var all = document.createElement("a");
    all.href = "/cite?" + params;
    all.textContent = "All styles";
    panel.appendChild(document.createTextNode(" "));
    panel.appendChild(all);
    heading.tabIndex = -1;
    heading.focus();
  }

  /* -- draft check: "Add to draft" in one click, staying on the report ---------------------- */
  function setupAddToDraft() {
    var select = document.getElementById("check-draft");
    var status = document.getElementById("check-added");
    if (!select || !window.FormData || !window.fetch) { return; }
    document.addEventListener("submit", function (event) {
      var form = event.target;
      if (!form.classList || !form.classList.contains("add-to-draft")) { return; }
      event.preventDefault();
      var button = form.querySelector("button");
      form.querySelector('input[name="draft_id"]').value = select.value;
      button.disabled = true;
      fetch(form.getAttribute("action"), {
        method: "POST", body: new FormData(form), credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(), "Accept": "application/json" }
      }).then(function (resp) {
        return resp.json().then(function (body) { return { ok: resp.ok, body: body }; });
      }).then(function (answer) {
        if (!answer.ok) {
          button.disabled = false;
          announce(status, answer.body.error || "Not added.");
          return;
        }
        var id = String(answer.body.id);
        if (!select.querySelector('option[value="' + id + '"]')) {  // a new draft: later adds go to it
          var option = document.createElement("option");
          option.value = id;
          option.textContent = answer.body.name;
          select.insertBefore(option, select.firstChild);
        }
        select.value = id;
        button.textContent = "Added";
        form.classList.add("added");
        announce(status, "Added to “" + answer.body.name + "” (" + answer.body.items.length + " in the draft).");
      }).catch(function () {
        button.disabled = false;
        announce(status, "Not added: the server could not be reached.");
      });
    });
  }

  /* -- upload progress ----------------------------------------------------------------- */
  function setupUpload() {
    var form = document.getElementById("upload-form");
    if (!form || !window.FormData || !window.fetch) { return; }
    form.addEventListener("submit", function (event) {
      var files = [];
      form.querySelectorAll('input[type="file"]').forEach(function (input) {
        for (var i = 0; i < input.files.length; i++) { files.push(input.files[i]); }
      });
      if (!files.length) { return; }  // the server explains what is missing
      event.preventDefault();
      var progress = document.getElementById("upload-progress");
      var bar = document.getElementById("upload-bar");
      var count = document.getElementById("upload-count");
      var section = document.getElementById("upload-results-section");
      var table = document.getElementById("upload-results");
      progress.hidden = false;
      section.hidden = false;
      table.textContent = "";
      bar.max = files.length;
      bar.value = 0;
      var token = form.querySelector('input[name="csrf_token"]').value;
      var next = function (i) {
        if (i >= files.length) { announce(count, "Done: " + files.length + " file(s)."); return; }
        announce(count, (i + 1) + " of " + files.length + ": " + (files[i].webkitRelativePath || files[i].name));
        var data = new FormData();
        data.append("csrf_token", token);
        data.append("files", files[i], files[i].webkitRelativePath || files[i].name);
        fetch(form.getAttribute("data-api"), {
          method: "POST", body: data, credentials: "same-origin",
          headers: { "X-CSRFToken": token, "Accept": "application/json" }
        }).then(function (resp) { return resp.json(); }).then(function (body) {
          var rows = body.results || [{ name: files[i].name, status: "failed", reason: body.error || "upload refused" }];
          rows.forEach(function (r) { table.appendChild(resultRow(r)); });
        }).catch(function () {
          table.appendChild(resultRow({ name: files[i].name, status: "failed", reason: "the upload did not reach the server" }));
        }).then(function () { bar.value = i + 1; next(i + 1); });
      };
      next(0);
    });
  }

  function resultRow(r) {
    var tr = document.createElement("tr");
    tr.className = "result-" + r.status;
    var name = document.createElement("td");
    name.textContent = r.name;
    var result = document.createElement("td");
    if (r.status === "failed") {
      result.textContent = "failed: " + (r.reason || "unknown reason");
    } else {
      result.appendChild(document.createTextNode(r.status + ": "));
      var link = document.createElement("a");
      link.href = "/records/" + encodeURIComponent(r.record_id);
      link.textContent = r.record_id;
      result.appendChild(link);
    }
    tr.appendChild(name);
    tr.appendChild(result);
    return tr;
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupSelectionCite();
    setupUpload();
    setupAddToDraft();
  });
})();
