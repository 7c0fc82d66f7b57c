/* A campaign's link graph: the viewer's records and the values linking them.
 *
 * Reads the page's <script type="application/json" id="campaign-graph"> element (nodes and
 * edges the server built from what the viewer may see) and draws it with Cytoscape, served
 * from this node. Without JavaScript, or without the library, the page's tables say it all.
 */
(function () {
  "use strict";

  var TLP_COLOURS = {
    red: "#FF2B2B", amber: "#FFC000", "amber+strict": "#FFC000", green: "#33FF00",
    clear: "#FFFFFF"
  };

  function shorten(text, size) {
    return text.length > size ? text.slice(0, size - 1) + "\u2026" : text;
  }

  function draw() {
    var source = document.getElementById("campaign-graph");
    var container = document.getElementById("campaign-graph-canvas");
    if (!source || !container || typeof window.cytoscape !== "function") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var elements = [];
    data.nodes.forEach(function (node) {
      var item = {
        id: node.id, kind: node.kind, full: node.label,
        label: shorten(node.label, node.kind === "record" ? 40 : 32)
      };
      if (node.kind === "record") {
        item.href = node.href;
        item.tlp = TLP_COLOURS[node.tlp] || "#888888";
      } else {
        item.hidden = node.also_hidden ? "yes" : "no";
      }
      elements.push({ group: "nodes", data: item });
    });
    data.edges.forEach(function (edge) {
      elements.push({ group: "edges", data: edge });
    });

    // Cytoscape adds a <style> element for its container unless one with this id exists;
    // the page's CSP refuses inline styles, and console.css already positions the container.
    if (!document.getElementById("__________cytoscape_stylesheet")) {
      var marker = document.createElement("meta");
      marker.id = "__________cytoscape_stylesheet";
      document.head.appendChild(marker);
    }

    container.classList.add("is-drawn");
    var cy = window.cytoscape({
      container: container,
      elements: elements,
      wheelSensitivity: 0.3,
      minZoom: 0.05,
      maxZoom: 3,
      style: [
        { selector: "node", style: {
          "label": "data(label)", "font-size": 11, "color": "#1b2a3a",
          "text-valign": "bottom", "text-margin-y": 4, "text-wrap": "wrap",
          "text-max-width": 160, "min-zoomed-font-size": 7
        } },
        { selector: "node[kind = 'record']", style: {
          "shape": "round-rectangle", "width": 26, "height": 18,
          "background-color": "#000000", "border-width": 4, "border-color": "data(tlp)"
        } },
        { selector: "node[kind = 'value']", style: {
          "shape": "ellipse", "width": 14, "height": 14, "background-color": "#1f5fa8",
          "font-family": "monospace", "color": "#123a63"
        } },
        { selector: "node[hidden = 'yes']", style: {
          "border-width": 3, "border-color": "#b3261e", "border-style": "double"
        } },
        { selector: "edge", style: {
          "width": 1.5, "line-color": "#9aabbf", "curve-style": "straight"
        } },
        { selector: "node:selected", style: { "overlay-opacity": 0.15 } }
      ],
      layout: { name: "cose", animate: false, padding: 24, nodeDimensionsIncludeLabels: true }
    });
    cy.fit(undefined, 24);  // the whole campaign in view; zoom in for the labels

    cy.on("tap", "node[kind = 'record']", function (event) {
      window.location.assign(event.target.data("href"));
    });
    cy.on("mouseover", "node", function (event) {
      container.title = event.target.data("full");
    });
    cy.on("mouseout", "node", function () {
      container.title = "";
    });
    var fallback = document.querySelector(".graph-fallback");
    if (fallback) {
      fallback.hidden = true;
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
}());
