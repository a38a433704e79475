namespace ParkingGate.Desk;

/// <summary>
/// The desk's one script, served from <c>/desk.js</c> (the pages allow scripts from the desk itself only): the booth's
/// queue reloads itself when a car arrives or leaves, unless the cashier is typing; the plate keys put a province
/// character first in a plate box, for a keyboard with no Chinese input method.
/// </summary>
internal static class DeskScript
{
    /// <summary>How often the booth asks whether its queue changed.</summary>
    public const int PollMilliseconds = 3000;

    /// <summary>The script.</summary>
    public const string Text = """
        (function () {
          'use strict';
          document.querySelectorAll('.platekeys').forEach(function (group) {
            var input = document.getElementById(group.dataset.for);
            group.addEventListener('click', function (e) {
              var key = e.target.closest('button[data-key]');
              if (!key || !input) { return; }
              var value = input.value;
              input.value = key.dataset.key + (value && value.charCodeAt(0) > 127 ? value.slice(1) : value);
              input.focus();
              input.setSelectionRange(input.value.length, input.value.length);
            });
          });
          var queue = document.getElementById('queue');
          if (!queue) { return; }
          function typing() {
            var active = document.activeElement;
            if (active && active.tagName === 'INPUT' && active.type !== 'hidden' && active.value !== active.defaultValue) { return true; }
            return Array.prototype.some.call(document.querySelectorAll('main input:not([type=hidden])'), function (i) {
              return i.hasAttribute('data-prefilled') ? i.value !== i.defaultValue : i.value !== '';
            });
          }
          setInterval(function () {
            if (document.hidden || typing()) { return; }
            fetch('/booth?handler=Version', { credentials: 'same-origin', cache: 'no-store' })
              .then(function (r) { return r.ok ? r.text() : null; })
              .then(function (version) {
                if (version !== null && version !== queue.dataset.version) {
                  var sel = queue.dataset.sel;
                  location.href = '/booth' + (sel ? '?sel=' + encodeURIComponent(sel) : '');
                }
              })
              .catch(function () { });
          }, __POLL__);
        })();
        """;
}
