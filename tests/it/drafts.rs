//! Drafts: golden messages, personalisation, templates, mailto links and .eml files.

use crate::common::*;

const NOW: &str = "2026-11-19 16:00";

/// A panel interview at Acme with a highlight for Jane, a general one and a stumped question.
fn panel() -> TestEnv {
    let env = TestEnv::new();
    env.write_config("[user]\nname = \"Alex Martin\"\nemail = \"alex@example.test\"\n");
    env.ok(
        NOW,
        &[
            "add",
            "-c",
            "Acme",
            "-r",
            "Backend Engineer",
            "--at",
            "today 14:30",
            "--round",
            "onsite",
            "-i",
            "Jane Doe <jane@acme.test>, Head of Platform",
            "-i",
            "Bob Smith <bob@acme.test>",
            "--highlight",
            "Jane: the caching design",
            "--highlight",
            "the team's roadmap",
            "--stumped",
            "consistent hashing",
            "--timeline",
            "end of next week",
        ],
    );
    env
}

#[test]
fn thank_you_golden() {
    let env = panel();
    assert_eq!(
        env.ok(NOW, &["draft", "acme", "thank-you", "--to", "jane"]),
        "\
To: Jane Doe <jane@acme.test>
Subject: Thank you for the onsite: Backend Engineer

Dear Jane,

Thank you for your time on Thursday 19 November and for telling me more about the Backend Engineer role at Acme.
I particularly enjoyed talking about the caching design.
I have thought more about consistent hashing since we spoke, and would be glad to follow up on it.
The conversation made me even keener on the position, and I am confident I could contribute from the start.

With best regards,
Alex Martin
"
    );
    // Bob's note mentions what was not Jane's.
    let bob = env.ok(NOW, &["draft", "acme", "thank-you", "--to", "bob"]);
    assert!(bob.contains("Dear Bob,"), "{bob}");
    assert!(bob.contains("talking about the team's roadmap."), "{bob}");
    assert!(!bob.contains("caching"), "{bob}");
}

#[test]
fn a_thank_you_is_addressed_to_one_person() {
    let env = panel();
    let err = env.refused(env.at(NOW).args(["draft", "acme", "thank-you"]), 2);
    assert!(err.contains("--to") && err.contains("Jane Doe"), "{err}");
}

#[test]
fn follow_up_golden_names_their_date_and_shows_their_instructions() {
    let env = panel();
    env.ok(
        NOW,
        &[
            "edit",
            "acme",
            "--instructions",
            "write to Sam, the recruiter",
        ],
    );
    let out = env
        .at("2026-12-03 09:00")
        .args(["draft", "acme", "follow-up"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "\
To: Jane Doe <jane@acme.test>
Subject: Following up on the Backend Engineer position

Dear Jane,

I hope you are well. I am following up on my onsite for the Backend Engineer position on Thursday 19 November.
You mentioned a decision around Friday 27 November, so I wanted to ask whether there is any news.
I remain very interested in the role and in joining Acme.

Kind regards,
Alex Martin
"
    );
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("write to Sam, the recruiter"), "{err}");
}

#[test]
fn without_a_stated_date_the_follow_up_leaves_that_line_out() {
    let env = TestEnv::new();
    env.ok(
        NOW,
        &["add", "-c", "Beta", "-r", "SRE", "--at", "today 10:00"],
    );
    let out = env.ok(NOW, &["draft", "beta", "follow-up"]);
    assert!(
        out.starts_with("Subject: Following up on the SRE position\n"),
        "{out}"
    );
    assert!(out.contains("Dear Hiring Team,"), "{out}");
    assert!(!out.contains("You mentioned"), "{out}");
}

#[test]
fn identical_thank_yous_of_a_panel_get_a_warning() {
    let env = TestEnv::new();
    env.ok(
        NOW,
        &[
            "add",
            "-c",
            "Acme",
            "-r",
            "Dev",
            "-i",
            "Jane Doe",
            "-i",
            "Bob Smith",
            "--highlight",
            "the roadmap",
        ],
    );
    let out = env
        .at(NOW)
        .args(["draft", "acme", "thank-you", "--to", "jane"])
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("same as the one to Bob Smith") && err.contains("personalise"),
        "{err}"
    );
    // A highlight of her own makes Jane's note hers.
    env.ok(
        NOW,
        &["edit", "acme", "--highlight", "Jane: the billing rewrite"],
    );
    let out = env
        .at(NOW)
        .args(["draft", "acme", "thank-you", "--to", "jane"])
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(!err.contains("personalise"), "{err}");
}

#[test]
fn withdraw_reply_graciously_stay_in_touch_and_respond() {
    let env = panel();
    let withdraw = env.ok(NOW, &["draft", "acme", "withdraw"]);
    assert!(
        withdraw.contains("Subject: Withdrawing from the Backend Engineer process"),
        "{withdraw}"
    );
    env.ok(
        "2026-11-23 10:00",
        &[
            "log-reply",
            "acme",
            "--kind",
            "request",
            "--note",
            "two references",
        ],
    );
    let respond = env.ok("2026-11-23 11:00", &["draft", "acme", "respond"]);
    assert!(
        respond.contains("Thank you for your message of Monday 23 November."),
        "{respond}"
    );
    assert!(
        respond.contains("You asked for two references: [your answer]."),
        "{respond}"
    );
    assert!(
        respond.contains("I will reply in full by Tuesday 24 November."),
        "{respond}"
    );
    env.ok(
        "2026-11-25 10:00",
        &["log-reply", "acme", "--kind", "rejection"],
    );
    let gracious = env.ok("2026-11-25 11:00", &["draft", "acme", "reply-graciously"]);
    assert!(
        gracious.contains("Thank you for letting me know"),
        "{gracious}"
    );
    let touch = env.ok("2027-02-25 11:00", &["draft", "acme", "stay-in-touch"]);
    assert!(
        touch.contains("We met in November about the Backend Engineer position."),
        "{touch}"
    );
}

#[test]
fn templates_in_the_config_folder_replace_the_built_in_ones() {
    let env = panel();
    env.write_template(
        "thank-you",
        "Subject: Thanks, {first_name}!\n\nHi {first_name}, {{not a placeholder}}.\nAbout {highlight}: thanks.\n-- {my_name}\n",
    );
    assert_eq!(
        env.ok(NOW, &["draft", "acme", "thank-you", "--to", "jane"]),
        "To: Jane Doe <jane@acme.test>\nSubject: Thanks, Jane!\n\nHi Jane, {not a placeholder}.\nAbout the caching design: thanks.\n-- Alex Martin\n"
    );
}

#[test]
fn an_unknown_placeholder_is_refused_by_name() {
    let env = panel();
    env.write_template("follow-up", "Subject: Hello\n\nDear {frist_name},\n");
    let err = env.refused(env.at(NOW).args(["draft", "acme", "follow-up"]), 2);
    assert!(
        err.contains("follow-up.txt") && err.contains("line 3") && err.contains("{frist_name}"),
        "{err}"
    );
    env.write_template("follow-up", "Dear {first_name},\n");
    let err = env.refused(env.at(NOW).args(["draft", "acme", "follow-up"]), 2);
    assert!(err.contains("Subject:"), "{err}");
}

#[test]
fn no_draft_for_actions_that_are_not_messages() {
    let env = panel();
    let err = env.refused(env.at(NOW).args(["draft", "acme", "prep"]), 2);
    assert!(
        err.contains("prep") && err.contains("thank-you, follow-up"),
        "{err}"
    );
}

#[test]
fn mailto_opens_the_mail_client_with_everything_encoded() {
    let env = panel();
    let url = env.ok(
        NOW,
        &["draft", "acme", "thank-you", "--to", "jane", "--mailto"],
    );
    let url = url.trim_end();
    assert!(url.starts_with("mailto:jane@acme.test?subject=Thank%20you%20for%20the%20onsite%3A%20Backend%20Engineer&body=Dear%20Jane%2C%0D%0A%0D%0AThank%20you"), "{url}");
    assert!(!url.contains(' ') && !url.contains('\n'), "{url}");
}

#[test]
fn eml_is_a_message_a_mail_parser_reads_back() {
    let env = panel();
    env.ok(NOW, &["edit", "acme", "--role", "Ingénieur backend"]);
    let path = env.root.path().join("thanks.eml");
    env.ok(
        NOW,
        &[
            "draft",
            "acme",
            "thank-you",
            "--to",
            "bob",
            "--eml",
            path.to_str().unwrap(),
        ],
    );
    let bytes = std::fs::read(&path).unwrap();
    assert!(
        bytes.is_ascii(),
        "headers and body are encoded for transport"
    );
    let message = mail_parser::MessageParser::default()
        .parse(&bytes)
        .expect("a message");
    assert_eq!(
        message.subject(),
        Some("Thank you for the onsite: Ingénieur backend")
    );
    let to = message.to().and_then(|a| a.first()).expect("a recipient");
    assert_eq!(to.address(), Some("bob@acme.test"));
    assert_eq!(to.name(), Some("Bob Smith"));
    let from = message.from().and_then(|a| a.first()).expect("a sender");
    assert_eq!(from.address(), Some("alex@example.test"));
    let body = message
        .body_text(0)
        .expect("a text body")
        .replace("\r\n", "\n");
    assert!(body.starts_with("Dear Bob,\n"), "{body:?}");
    assert!(body.contains("role at Acme."), "{body}");
    assert_eq!(message.header_raw("X-Unsent").map(str::trim), Some("1"));
}

#[test]
fn any_message_can_go_to_a_chosen_interviewer() {
    let env = panel();
    let out = env.ok(NOW, &["draft", "acme", "follow-up", "--to", "bob"]);
    assert!(out.starts_with("To: Bob Smith <bob@acme.test>\n"), "{out}");
    assert!(out.contains("Dear Bob,"), "{out}");
}

#[test]
fn an_offer_is_answered_as_an_offer() {
    let env = panel();
    env.ok(
        "2026-11-26 10:00",
        &[
            "log-reply",
            "acme",
            "--kind",
            "offer",
            "--timeline",
            "by Friday",
            "--note",
            "55k base",
        ],
    );
    let out = env.ok("2026-11-26 11:00", &["draft", "acme", "respond"]);
    assert!(
        out.contains("Subject: Re: your offer for the Backend Engineer position"),
        "{out}"
    );
    assert!(out.contains("Thank you very much for the offer"), "{out}");
    assert!(
        out.contains("I will give you my decision by Friday 27 November."),
        "{out}"
    );
    assert!(!out.contains("You asked for"), "{out}");
}

#[test]
fn an_eml_without_the_users_address_says_so() {
    let env = TestEnv::new();
    env.ok(
        NOW,
        &[
            "add",
            "-c",
            "Acme",
            "-r",
            "Dev",
            "-i",
            "Jane <jane@acme.test>",
        ],
    );
    let path = env.root.path().join("d.eml");
    let out = env
        .at(NOW)
        .args([
            "draft",
            "acme",
            "thank-you",
            "--eml",
            path.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("no From") && err.contains("email"), "{err}");
    assert!(path.is_file());
}
