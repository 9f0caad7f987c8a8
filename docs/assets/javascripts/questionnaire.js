// questionnaire.js: turns the linked list of questions into one question at a time.
// The page already works without JavaScript: each answer is a link to the next question or to
// a result. This script reads that same graph from the links, so there is no second copy of the
// data. Answers stay in this page's memory: no request, no storage.
"use strict";

function mountQuestionnaire(root) {
  const t = JSON.parse(root.dataset.kbStrings);
  const list = root.querySelector(".kb-quiz__questions");
  const outcomes = [...root.querySelectorAll("[data-kb-outcome]")];
  const textOf = (el) => {
    const copy = el.cloneNode(true);
    copy.querySelectorAll(".headerlink").forEach((a) => a.remove());
    return copy.textContent.trim();
  };
  const questions = {};
  root.querySelectorAll("[data-kb-question]").forEach((section) => {
    questions[section.id] = {
      prompt: textOf(section.querySelector("h2")),
      help: section.querySelector(".kb-quiz__help"),
      answers: [...section.querySelectorAll(".kb-quiz__answer")].map((a) => ({
        label: a.textContent.trim(),
        target: new URL(a.href).hash.slice(1), // Material makes in-page links absolute
      })),
    };
  });

  const app = document.createElement("form");
  app.className = "kb-quiz__app";
  app.noValidate = true;
  root.prepend(app);
  list.hidden = true;
  outcomes.forEach((o) => { o.hidden = true; });

  let trail = []; // [{question id, answer index}] of the answers given so far

  function button(label, onClick, type = "button") {
    const b = document.createElement("button");
    b.type = type;
    b.className = type === "submit" ? "md-button md-button--primary" : "md-button";
    b.textContent = label;
    if (onClick) b.addEventListener("click", onClick);
    return b;
  }

  function buttons(...items) {
    const row = document.createElement("div");
    row.className = "kb-quiz__buttons";
    row.append(...items.filter(Boolean));
    return row;
  }

  function back() {
    const last = trail.pop();
    show(last.question, last.answer);
  }

  function startOver() {
    trail = [];
    show(root.dataset.kbStart);
  }

  function show(qid, selected = null, focus = true) {
    outcomes.forEach((o) => { o.hidden = true; });
    root.prepend(app);
    delete app.dataset.kbOutcome;
    const q = questions[qid];
    app.replaceChildren();
    app.hidden = false;
    const fieldset = document.createElement("fieldset");
    fieldset.className = "kb-quiz__step";
    const legend = document.createElement("legend");
    legend.tabIndex = -1;
    const progress = document.createElement("span");
    progress.className = "kb-quiz__progress";
    progress.textContent = t.quiz_question_n.replace("{n}", trail.length + 1);
    legend.append(progress, document.createElement("br"), q.prompt);
    fieldset.append(legend);
    if (q.help) fieldset.append(q.help.cloneNode(true));
    q.answers.forEach((answer, i) => {
      const label = document.createElement("label");
      label.className = "kb-quiz__option";
      const input = document.createElement("input");
      input.type = "radio";
      input.name = "kb-answer";
      input.value = String(i);
      input.checked = i === selected;
      label.append(input, answer.label);
      fieldset.append(label);
    });
    const error = document.createElement("p");
    error.className = "kb-quiz__error";
    error.setAttribute("role", "alert");
    fieldset.append(error);
    app.append(fieldset, buttons(
      button(t.quiz_next, null, "submit"),
      trail.length ? button(t.quiz_back, back) : null,
      trail.length ? button(t.quiz_start_over, startOver) : null,
    ));
    app.onsubmit = (event) => {
      event.preventDefault();
      const picked = app.querySelector("input[name=kb-answer]:checked");
      if (!picked) {
        error.textContent = t.quiz_choose;
        app.querySelector("input[name=kb-answer]").focus();
        return;
      }
      const index = Number(picked.value);
      trail.push({ question: qid, answer: index });
      const target = q.answers[index].target;
      if (questions[target]) show(target);
      else finish(target);
    };
    if (focus) legend.focus();
  }

  function finish(outcomeId) {
    app.replaceChildren();
    const outcome = root.querySelector("#" + CSS.escape(outcomeId));
    if (trail.length) {
      const summary = document.createElement("section");
      summary.className = "kb-quiz__summary";
      const heading = document.createElement("h2");
      heading.textContent = t.quiz_your_answers;
      const answers = document.createElement("dl");
      trail.forEach(({ question, answer }) => {
        const dt = document.createElement("dt");
        dt.textContent = questions[question].prompt;
        const dd = document.createElement("dd");
        dd.textContent = questions[question].answers[answer].label;
        answers.append(dt, dd);
      });
      summary.append(heading, answers);
      app.append(summary);
    }
    app.append(buttons(
      button(t.quiz_print, () => window.print()),
      trail.length ? button(t.quiz_back, back) : null,
      button(t.quiz_start_over, startOver),
    ));
    app.dataset.kbOutcome = outcomeId.replace(/^outcome-/, "");
    outcome.hidden = false;
    outcome.after(app);
    const title = outcome.querySelector("h2");
    title.tabIndex = -1;
    title.focus();
  }

  // A link to one result (#outcome-..., as on the reviewers' paths page) opens that result.
  // Otherwise the first question shows without moving focus: the reader starts at the top.
  const linked = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
  const outcome = linked && linked.closest("[data-kb-outcome]");
  if (outcome && root.contains(outcome)) finish(outcome.id);
  else show(root.dataset.kbStart, null, false);
}

document$.subscribe(() => {
  document.querySelectorAll('[data-kb-component="questionnaire"]').forEach(mountQuestionnaire);
});
