//! `scaffold schema`: the JSON Schema of `scaffold.yaml`, for editors to complete and check it.

use crate::error::Result;
use crate::spec::answers::Answers;

pub fn run() -> Result<()> {
    let schema = schemars::schema_for!(Answers);
    println!("{}", serde_json::to_string_pretty(&schema).expect("schema serializes"));
    Ok(())
}
