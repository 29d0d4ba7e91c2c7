/* teachkit: Sphinx's highlighting of the search terms (doctools.js, sphinx_highlight.js),
   fetched only on a page opened from the search results, which say so in the page's
   address (?highlight=) or in the browser's storage. Other pages skip its 10 KB. */
(function () {
  "use strict";
  var here = document.currentScript && document.currentScript.src;
  var wanted = /[?&]highlight=/.test(window.location.search);
  try {
    wanted = wanted || !!window.localStorage.getItem("sphinx_highlight_terms");
  } catch (err) { /* storage turned off: the address alone decides */ }
  if (!here || !wanted) { return; }
  ["doctools.js", "sphinx_highlight.js"].forEach(function (name) {
    var tag = document.createElement("script");
    tag.src = new URL(name, here).href;
    tag.async = false;  // in this order: sphinx_highlight.js uses doctools.js
    document.head.appendChild(tag);
  });
})();
