// lore serve: reload this page when a rebuild changed it; show a failed build over the page.
(() => {
  "use strict";
  const OVERLAY = "lore-serve-error";
  const page = decodeURI(location.pathname.endsWith("/")
    ? location.pathname + "index.html" : location.pathname);
  const language = page.split("/")[1];

  // A changed page reloads itself; a changed style, script or image of its language too.
  function touches(paths) {
    return paths.some((path) => path === page || (!path.endsWith(".html")
      && !path.endsWith("/searchindex.js") && path.split("/")[1] === language));
  }

  function showError(errors, output) {
    let box = document.getElementById(OVERLAY);
    if (!box) {
      box = document.createElement("div");
      box.id = OVERLAY;
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
        "background:rgba(30,0,0,.88);color:#fff;font:14px/1.5 monospace;padding:2em;";
      document.body.appendChild(box);
    }
    box.replaceChildren();
    const title = document.createElement("h2");
    title.textContent = "lore serve: the build failed; this is the last good page";
    title.style.cssText = "color:#ff8080;font:bold 18px sans-serif;margin:0 0 1em";
    box.appendChild(title);
    const list = document.createElement("ul");
    for (const error of errors) {
      const item = document.createElement("li");
      const where = document.createElement("b");
      where.className = "lore-serve-location";
      where.textContent = error.line ? `${error.file}:${error.line}` : error.file;
      item.append(where, `: ${error.message}`);
      list.appendChild(item);
    }
    box.appendChild(list);
    if (!errors.length) {
      const text = document.createElement("pre");
      text.textContent = output;
      box.appendChild(text);
    }
  }

  function connect() {
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    const socket = new WebSocket(`${scheme}//${location.host}/__lore__/ws`);
    // Marks the page as listening (tests wait for it before they change a file).
    socket.onopen = () => { document.documentElement.dataset.loreServe = "connected"; };
    socket.onmessage = (event) => {
      const message = JSON.parse(event.data);
      if (message.type === "reload" && touches(message.paths)) {
        location.reload();
      } else if (message.type === "error") {
        showError(message.errors, message.output);
      } else if (message.type === "ok") {
        document.getElementById(OVERLAY)?.remove();
      }
    };
    // The server stopped or restarted: try again, quietly, every second.
    socket.onclose = () => {
      delete document.documentElement.dataset.loreServe;
      setTimeout(connect, 1000);
    };
  }
  connect();
})();
