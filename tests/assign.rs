//! Assignments and deadlines through the `dragoman` command: an editor gives a
//! story to a translator with a deadline, the desk lists it under that person and
//! as due, a second translator cannot take it, and every assignment is in the
//! story's history.

use dragoman_e2e::Desk;

const EDITOR: [&str; 4] = ["--as", "Omar", "--role", "editor"];
const RANA: [&str; 4] = ["--as", "Rana", "--role", "translator"];
const SAMIR: [&str; 4] = ["--as", "Samir", "--role", "translator"];

fn import(desk: &Desk, name: &str, text: &str) -> String {
    let file = desk.dir.path().join(name);
    std::fs::write(&file, text).unwrap();
    let out = desk.json(["import".as_ref(), file.as_os_str()]);
    out[0]["id"].as_i64().unwrap().to_string()
}

fn ids(list: &serde_json::Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_i64().unwrap().to_string())
        .collect()
}

#[test]
fn an_editor_assigns_with_a_deadline_and_the_desk_lists_it_by_person_and_date() {
    let desk = Desk::new();
    let weather = import(
        &desk,
        "a.txt",
        "Weather\n\nRain in Damascus.\n\nSnow in Homs.",
    );
    let bread = import(&desk, "b.txt", "Bread\n\nBakeries in Hama.");

    let assigned = desk.json(EDITOR.iter().copied().chain([
        "assign",
        &weather,
        "--to",
        "Rana",
        "--due",
        "2020-01-01T17:00:00Z",
    ]));
    assert!(assigned["version"].as_i64().is_some(), "{assigned}");

    let mine = desk.json(["list", "--assignee", "Rana"]);
    assert_eq!(ids(&mine), [weather.as_str()]);
    assert_eq!(mine[0]["assignee"], "Rana");
    assert_eq!(mine[0]["due"], "2020-01-01T17:00:00.000Z");
    assert_eq!(mine[0]["overdue"], true, "a deadline in 2020 has passed");
    assert_eq!(mine[0]["progress"]["total"], 2, "two paragraphs");
    assert_eq!(ids(&desk.json(["list", "--unassigned"])), [bread.as_str()]);
    assert_eq!(
        ids(&desk.json(["list", "--due-before", "2020-01-02"])),
        [weather.as_str()]
    );
    assert_eq!(
        ids(&desk.json(["list", "--due-before", "2019-12-31"])),
        Vec::<String>::new()
    );

    // The terminal marks it.
    let text = desk.run(["list", "--assignee", "Rana"]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("Rana") && text.contains("OVERDUE"), "{text}");

    // Samir cannot take Rana's story; he takes the other one.
    let before = desk.snapshot();
    let (code, message) = desk.refused(SAMIR.iter().copied().chain(["take", &weather]));
    assert_eq!(code, "already_assigned");
    assert!(message.contains("Rana"), "{message}");
    assert_eq!(desk.snapshot(), before, "a refusal writes nothing");
    desk.json(SAMIR.iter().copied().chain(["take", &bread]));
    assert_eq!(ids(&desk.json(["list", "--assignee", "Samir"])), [bread]);

    // A translator does not assign.
    let (code, _) = desk.refused(
        RANA.iter()
            .copied()
            .chain(["assign", &weather, "--to", "Samir"]),
    );
    assert_eq!(code, "forbidden");

    let history = desk.json(["history", &weather]);
    let last = history.as_array().unwrap().last().unwrap();
    assert_eq!(last["action"], "assign");
    assert_eq!(last["actor"], "Omar");
    assert_eq!(last["detail"], "to Rana, due 2020-01-01 17:00 UTC");

    // A deadline the desk cannot read is refused with what to type.
    let (code, message) = desk.refused(EDITOR.iter().copied().chain([
        "assign",
        &weather,
        "--to",
        "Rana",
        "--due",
        "next week",
    ]));
    assert_eq!(code, "invalid_input");
    assert!(message.contains("2026-12-06 17:00"), "{message}");
}
