// "Is my printed copy current?" on a built page, without a server: the printed
// web address and QR code carry the paper's edition code (?edition=7KQ2-M4); this script
// compares it with the editions the page holds (the JSON block before it) and says whether
// the copy is current or what changed since. It reads the data with JSON.parse and writes
// only with textContent: nothing from the content or the address is ever run as code.
(function () {
  "use strict";
  var source = document.getElementById("kr-editions");
  var box = document.getElementById("kr-edition-check");
  var status = document.getElementById("kr-edition-status");
  var asked = new URLSearchParams(window.location.search).get("edition");
  if (!source || !box || !status || !asked) {
    return;
  }
  var data = JSON.parse(source.textContent);
  var words = data.words;

  // Codes are Crockford base32: case and dashes do not matter, I and L are 1, O is 0.
  function typed(text) {
    var plain = text.toUpperCase().replace(/[IL]/g, "1").replace(/O/g, "0")
      .replace(/[^0-9A-Z]/g, "");
    return plain.length > 4 ? plain.slice(0, 4) + "-" + plain.slice(4) : plain;
  }

  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : whole;
    });
  }

  function add(parent, tag, text) {
    var element = document.createElement(tag);
    if (text !== undefined) {
      element.textContent = text;
    }
    parent.appendChild(element);
    return element;
  }

  var code = typed(asked).slice(0, 12);
  var found = false;
  data.papers.forEach(function (paper) {
    var index = -1;
    paper.editions.forEach(function (edition, at) {
      if (edition.code === code) {
        index = at;
      }
    });
    if (index < 0) {
      return;
    }
    found = true;
    var yours = paper.editions[index];
    var section = add(status, "div");
    section.className = "edition-paper";
    if (data.papers.length > 1) {  // the index: papers in every language
      var label = add(section, "p", paper.label);
      label.className = "edition-paper-label";
      label.lang = paper.lang;
    }
    if (index === paper.editions.length - 1) {
      add(section, "p", fill(words.current, {code: code})).className = "edition-current";
      return;
    }
    var later = paper.editions.slice(index + 1);
    var now = [];
    later.forEach(function (edition) {
      now = now.concat(edition.changes);
    });
    var values = {code: code, date: yours.date, current: paper.current};
    if (now.length === 0) {
      add(section, "p", fill(words.wording, values)).className = "edition-wording";
      return;
    }
    add(section, "p", fill(words.reprint, values)).className = "edition-reprint";
    var list = add(section, "ul");
    list.className = "edition-changes";
    list.lang = paper.lang;  // the paper's own lines
    now.forEach(function (change) {
      add(list, "li", change);
    });
  });
  if (!found) {
    add(status, "p", fill(words.unknown, {code: code})).className = "edition-unknown";
  }
  box.hidden = false;
})();
