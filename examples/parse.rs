fn main() {
    let path = std::env::args().nth(1).unwrap();
    if std::env::args().nth(2).is_some() {
        dbg_err(&std::fs::read_to_string(&path).unwrap());
        return;
    }
    let text = std::fs::read_to_string(&path).unwrap();
    let mut r = careerbook::diag::Report::new();
    r.add_source(&path, &text);
    match careerbook::load::parse_document(&path, &text) {
        Ok(d) => println!("{:?}", d.id()),
        Err(d) => {
            r.push(*d);
            print!("{}", r.render(careerbook::diag::Format::Human, false));
        }
    }
}
#[allow(dead_code)]
fn dbg_err(text: &str) {
    let r: Result<careerbook::model::Faq, _> = serde_saphyr::from_str(text);
    if let Err(e) = r {
        println!("{:?}", e.without_snippet());
    }
}
