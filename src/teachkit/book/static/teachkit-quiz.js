/* teachkit self-check quizzes (see teachkit/_quiz.py): check the chosen answer and say why.
   No dependencies, no network. Without this script the page still lists every answer with
   its explanation in "All answers, with explanations"; the Check buttons stay hidden. */
(function () {
  "use strict";

  function say(feedback, verdict, symbol, why) {
    var line = document.createElement("p");
    if (symbol) {
      var mark = document.createElement("span");
      mark.className = "teachkit-quiz-symbol";
      mark.setAttribute("aria-hidden", "true"); // the words carry the meaning
      mark.textContent = symbol + " ";
      line.appendChild(mark);
    }
    var strong = document.createElement("strong");
    strong.textContent = verdict;
    line.appendChild(strong);
    if (why) {
      var reason = document.createElement("span");
      reason.className = "teachkit-quiz-reason";
      for (var i = 0; i < why.childNodes.length; i++) {
        reason.appendChild(why.childNodes[i].cloneNode(true));
      }
      line.appendChild(document.createTextNode(" "));
      line.appendChild(reason);
    }
    feedback.replaceChildren(line);
  }

  function check(button) {
    var question = button.closest(".teachkit-quiz-question");
    var feedback = question.querySelector(".teachkit-quiz-feedback");
    var chosen = question.querySelector("input[type=radio]:checked");
    if (!chosen) {
      feedback.setAttribute("data-verdict", "none");
      say(feedback, "Choose an answer first.", "", null);
      return;
    }
    var right = chosen.getAttribute("data-correct") === "true";
    feedback.setAttribute("data-verdict", right ? "correct" : "wrong");
    say(
      feedback,
      right ? "Correct." : "Not quite.",
      right ? "\u2713" : "\u2717",
      document.getElementById(chosen.id + "-why")
    );
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button.teachkit-quiz-check");
    if (button) check(button);
  });

  // A new choice makes the old verdict stale: clear it until the reader checks again.
  document.addEventListener("change", function (event) {
    var question = event.target.closest && event.target.closest(".teachkit-quiz-question");
    if (!question) return;
    var feedback = question.querySelector(".teachkit-quiz-feedback");
    feedback.removeAttribute("data-verdict");
    feedback.replaceChildren();
  });

  var buttons = document.querySelectorAll("button.teachkit-quiz-check");
  for (var i = 0; i < buttons.length; i++) buttons[i].hidden = false;
})();
